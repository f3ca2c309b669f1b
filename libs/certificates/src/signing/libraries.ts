import type * as DataIntegrity from '@digitalbazaar/data-integrity';
import type * as DidMethodKey from '@digitalbazaar/did-method-key';
import type * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type * as EddsaRdfc2022 from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type * as Vc from '@digitalbazaar/vc';
import type * as BitstringStatusList from '@digitalbazaar/vc-bitstring-status-list';

/** The ESM-only Verifiable Credential libraries, loaded once. */
export interface SigningLibraries {
  vc: typeof Vc;
  dataIntegrity: typeof DataIntegrity;
  eddsaRdfc2022: typeof EddsaRdfc2022;
  ed25519Multikey: typeof Ed25519Multikey;
  didMethodKey: typeof DidMethodKey;
  statusList: typeof BitstringStatusList;
}

let loading: Promise<SigningLibraries> | undefined;

/**
 * Loads the libraries where they are used: they are ESM-only and the app is CommonJS, so they
 * cannot be required at start.
 */
export function signingLibraries(): Promise<SigningLibraries> {
  loading ??= Promise.all([
    import('@digitalbazaar/vc'),
    import('@digitalbazaar/data-integrity'),
    import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    import('@digitalbazaar/ed25519-multikey'),
    import('@digitalbazaar/did-method-key'),
    import('@digitalbazaar/vc-bitstring-status-list'),
  ]).then(
    ([vc, dataIntegrity, eddsaRdfc2022, ed25519Multikey, didMethodKey, statusList]) => ({
      vc,
      dataIntegrity,
      eddsaRdfc2022,
      ed25519Multikey,
      didMethodKey,
      statusList,
    }),
    (error: unknown) => {
      // Let the next call try again rather than remember the failure forever.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
