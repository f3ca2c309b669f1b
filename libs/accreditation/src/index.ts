export * from './accreditation.module';
