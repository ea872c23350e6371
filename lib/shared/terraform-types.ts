import { IConstruct } from "constructs";

/**
 * A provider configuration, as this library reads it: an instance of any class generated for the provider, from the
 * bindings this package ships (`cdktf-access-logs/providers/...`) or from your own `cdktf get`. The library recognises
 * the provider by {@link terraformResourceType} and reads its settings from the configuration it synthesizes, never
 * from the class, so every generation of the same provider schema works alike.
 */
export interface ITerraformProviderConfig extends IConstruct {
  /** The provider's type name: `tencentcloud`, `baiducloud`. */
  readonly terraformResourceType: string;
  /** The provider block as cdktf synthesizes it (snake_case attributes, overrides and alias applied). */
  toTerraform(): unknown;
}

/**
 * A resource, as the functions of this library that take a resource you declared need it: an instance of any class
 * generated for the resource type (see {@link ITerraformProviderConfig}). Each function checks
 * {@link terraformResourceType}.
 */
export interface ITerraformResourceConfig extends IConstruct {
  /** The Terraform resource type, e.g. `tencentcloud_cos_bucket`. */
  readonly terraformResourceType: string;
  /** The provider configuration the resource was given, if any; otherwise Terraform uses the default one of its type. */
  readonly provider?: ITerraformProviderConfig;
  /** The resource's `depends_on`; the library appends to it. */
  dependsOn?: string[];
}
