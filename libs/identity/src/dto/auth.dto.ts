import { Trimmed } from '@academy/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ example: 'learner@demo.regen.academy', maxLength: 254 })
  @Trimmed()
  @IsString()
  @Length(3, 254)
  email!: string;

  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  password!: string;

  @ApiPropertyOptional({
    example: '123456',
    maxLength: 40,
    description:
      'For an account with two-factor sign-in: the code its authenticator app shows, or one of its recovery codes (each works once)',
  })
  @IsOptional()
  @IsString({ message: 'otp must be the code from your authenticator app, or a recovery code' })
  @Length(6, 40, { message: 'otp must be the six digits from your authenticator app, or a recovery code' })
  otp?: string;
}

/** What every sign-up is told: nobody learns from it whether an address has an account. */
export const SIGN_UP_ACCEPTED =
  'If this address is new to us, your account is ready: sign in with it. If it already has an account, we have e-mailed its holder instead.';

export class TokenResponseDto {
  /** Send as `Authorization: Bearer <accessToken>`. */
  accessToken!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the token expires.' })
  expiresIn!: number;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';
}

export class LoginFormDto {
  @Trimmed()
  @IsString()
  @Length(3, 254, { message: 'Enter your e-mail address' })
  email!: string;

  @IsString()
  @Length(1, 128, { message: 'Enter your password' })
  password!: string;
}

/** The one answer to every sign-up, whether the address was new or already had an account. */
export class SignUpAcceptedDto {
  /** The address signed up with, lower-cased */
  email!: string;

  @ApiProperty({ example: SIGN_UP_ACCEPTED })
  message!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'learner@demo.regen.academy', maxLength: 254 })
  @Trimmed()
  @IsString({ message: 'email must be your e-mail address' })
  @Length(3, 254, { message: 'email must be your e-mail address (3 to 254 characters)' })
  email!: string;
}

export class PasswordResetAcceptedDto {
  /** The same for every address, whether it has an account or not */
  message!: string;
}

export class PasswordResetCompleteDto {
  @ApiProperty({ description: 'The token of the reset link (its `token` query parameter)', maxLength: 200 })
  @IsString({ message: 'token must be the token of the reset link: open the link from the e-mail again' })
  @Length(20, 200, { message: 'token is incomplete: open the link from the e-mail again' })
  token!: string;

  @ApiProperty({ format: 'password', maxLength: 128, description: 'The new password, by the sign-up rules' })
  @IsString({ message: 'password must be the new password' })
  @Length(1, 128, { message: 'password must be 1 to 128 characters' })
  password!: string;
}

export class EmailConfirmationDto {
  @ApiProperty({
    description: 'The token of the confirmation link (its `token` query parameter)',
    maxLength: 200,
  })
  @IsString({
    message: 'token must be the token of the confirmation link: open the link from the e-mail again',
  })
  @Length(20, 200, { message: 'token is incomplete: open the link from the e-mail again' })
  token!: string;
}

export class EmailConfirmedDto {
  /** The account’s address, now confirmed */
  email!: string;

  /** Whether the link changed the account’s address to this one */
  changed!: boolean;
}
