// Public entry of `truto-crm-openapi/mock`: a local Truto for tests and demos. Exports only.
export { createMockTruto, type Fault, type MockRequest, type MockTruto, type MockTrutoOptions } from "./server.js";
