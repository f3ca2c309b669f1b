import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

/** The set-up form's code, from the authenticator app being added. */
export class TotpCodeFormDto {
  @IsString({ message: 'code must be the six digits the app shows' })
  @Length(6, 10, { message: 'code must be the six digits the app shows' })
  code!: string;
}

/** A form that changes a second factor: it takes the current password. */
export class CurrentPasswordFormDto {
  @IsString({ message: 'currentPassword must be your current password' })
  @Length(1, 128, { message: 'currentPassword must be your current password' })
  currentPassword!: string;
}

/** The second step of a sign-in: the pending sign-in and the code (the app's or a recovery code). */
export class SecondStepFormDto {
  @IsString({ message: 'pendingToken is missing: sign in again' })
  @Length(20, 200, { message: 'pendingToken is missing: sign in again' })
  pendingToken!: string;

  @IsString({ message: 'code must be the code from your app or a recovery code' })
  @Length(6, 40, { message: 'code must be the six digits from your app, or a recovery code' })
  code!: string;
}

/** What a page asks a passkey ceremony for: for a pending sign-in's second step, or none (passwordless). */
export class PasskeyOptionsDto {
  @IsOptional()
  @IsString({ message: 'pendingToken must be the pending sign-in’s token' })
  @Length(20, 200, { message: 'pendingToken must be the pending sign-in’s token' })
  pendingToken?: string;
}

/** A passkey form sent with the browser's answer to the ceremony. */
export class PasskeyAnswerFormDto extends PasskeyOptionsDto {
  @IsUUID('all', { message: 'challengeId must be the ceremony’s id: try the passkey again' })
  challengeId!: string;

  @IsString({ message: 'response must be the browser’s answer: try the passkey again' })
  @Length(2, 16_000, { message: 'response must be the browser’s answer: try the passkey again' })
  response!: string;

  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name?: string;
}
