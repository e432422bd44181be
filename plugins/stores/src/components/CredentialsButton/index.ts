export { CredentialsButton } from './CredentialsButton';
