import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { Trimmed } from '@academy/core';

/** The admin pages' forms; the JSON API takes identity's own DTOs for the same fields. */
export class OrganisationForm {
  @Trimmed()
  @IsString({ message: 'name must be text' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;
}

export class ApiKeyForm {
  @Trimmed()
  @IsString({ message: 'name must be text' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;
}

export class MemberForm {
  @Trimmed()
  @IsString({ message: 'email must be text' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;
}

export class VerifierAccountForm extends MemberForm {
  @Trimmed()
  @IsString({ message: 'fullName must be text' })
  @Length(1, 200, { message: 'fullName must be 1 to 200 characters' })
  fullName!: string;

  @IsString({ message: 'password must be text' })
  @Length(8, 128, { message: 'password must be 8 to 128 characters' })
  password!: string;
}

/** The confirmation of making a member a key manager (`yes`) or no longer one (`no`). */
export class KeyManagerForm {
  @IsIn(['yes', 'no'], { message: 'Choose whether the person manages the keys (yes or no).' })
  manager!: 'yes' | 'no';
}
