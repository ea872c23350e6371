// CLS: the account-global CLS_QcsRole authorization through which COS access logs are delivered.
export {
  CLS_DELIVERY_ACTIONS,
  CLS_DELIVERY_ROLE_NAME,
  CLS_PRESET_POLICY_NAME,
  CLS_SERVICE_PRINCIPAL,
  ClsDeliveryAuthorization,
} from "./delivery-authorization";
export type { ClsDeliveryAuthorizationProps, ClsDeliveryPermissions } from "./delivery-authorization";
