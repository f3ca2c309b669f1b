/**
 * Emitted inside the transaction that anonymises an account. Features holding personal data
 * about the person outside the records kept for accreditation (the inbox, its e-mails) remove
 * it in that transaction.
 */
export const USER_ANONYMISED = 'identity.user_anonymised';

export class UserAnonymised {
  constructor(readonly userId: string) {}
}

/**
 * Emitted, in a transaction of its own, when someone signs up with an address that already has
 * an account: sign-up answers them as it answers a new address (nobody learns who has an
 * account), and the holder is told instead.
 */
export const SIGN_UP_FOR_EXISTING_ACCOUNT = 'identity.sign_up_for_existing_account';

export class SignUpForExistingAccount {
  constructor(readonly userId: string) {}
}

/** Emitted in the transaction that creates an account, by sign-up or by an admin. */
export const USER_CREATED = 'identity.user_created';

export class UserCreated {
  constructor(
    readonly userId: string,
    readonly by: 'sign-up' | 'admin',
  ) {}
}
