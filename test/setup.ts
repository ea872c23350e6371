// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...)
// are registered here, once, because Testing.setupJest() must run inside jest's setup phase.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

Testing.setupJest();
