// The FRR lab as one import for tests and scripts: `import { startFrrLab } from "../../lab"`.
export { startFrrLab } from "./frr-lab";
export type { FrrLab, FrrLabSpec, LabLinkEnd, LabLinkSpec, LabRouter, LabRouterSpec, LabSshTarget } from "./frr-lab";
export { LabSpecError, LabStartError } from "./errors";
export { VtyshError } from "./frr-router";
export { publicKeyBlob } from "./ssh-keys";
