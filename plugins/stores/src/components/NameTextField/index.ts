export { NameTextField } from './NameTextField';
