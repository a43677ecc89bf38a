// The Pulumi program: composition only. `pulumi up -s <stack>` runs this module's default export.
import { program } from "./program";

export = program;
