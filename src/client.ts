// createTrutoClient: the client's options read and checked once, openapi-fetch set up for Truto
// (query format, path encoding), and the two call styles added as adapters over call.ts:
// openapi-fetch-style methods (truto.DELETE(…)) and resource methods (truto.crm.engagements.delete(…)).
import createClient, { type Middleware } from "openapi-fetch";
import { endpoints } from "../generated/endpoints.js";
import type { ClientContext } from "./call.js";
import { readCredential } from "./credential.js";
import { TrutoValidationError } from "./errors.js";
import { httpMethods } from "./http-methods.js";
import { isPlainObject } from "./messages.js";
import { tracked } from "./middleware.js";
import type { IntegrationSlug } from "./model.js";
import { readClientSettings } from "./options.js";
import { expandPath } from "./path.js";
import { serializeQuery } from "./query.js";
import { defineResources } from "./resources.js";
import type { AccountTokenClientOptions, ApiTokenClientOptions, TrutoClient, TrutoClientOptions } from "./types.js";

/** A server's client, with an API token (never put one in a page). */
export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: ApiTokenClientOptions<I>): TrutoClient<I>;
/** A browser's client, with an integrated account token: `integrated_account_id` becomes optional. */
export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: AccountTokenClientOptions<I>): TrutoClient<I, true>;
/** Either kind, not known statically: `integrated_account_id` stays required in the types. */
export function createTrutoClient<const I extends IntegrationSlug | undefined = undefined>(options: TrutoClientOptions<I>): TrutoClient<I>;
export function createTrutoClient(options: TrutoClientOptions<IntegrationSlug | undefined>): TrutoClient<IntegrationSlug | undefined, boolean> {
  if (!isPlainObject(options)) {
    throw new TrutoValidationError("options", "createTrutoClient: expected an options object with { token } or { integratedAccountToken }");
  }
  const credential = readCredential(options);
  const settings = readClientSettings(options);
  const openapi = createClient<Record<string, never>>({ baseUrl: settings.baseUrl, querySerializer: serializeQuery, pathSerializer: expandPath });
  const client: ClientContext = { openapi, credential, settings };
  const truto = {
    use: (...middleware: Middleware[]) => openapi.use(...middleware.map(tracked)),
    eject: (...middleware: Middleware[]) => openapi.eject(...middleware.map(tracked)),
    ...httpMethods(client),
  };
  defineResources(truto, endpoints, client);
  return truto as unknown as TrutoClient<IntegrationSlug | undefined, boolean>;
}
