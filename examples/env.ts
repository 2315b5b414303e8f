// Where the examples send their requests: the real API when TRUTO_API_TOKEN is set, else whatever
// TRUTO_BASE_URL points at (the tests point it at the mock Truto).
export const token = process.env.TRUTO_API_TOKEN ?? "example-token";
export const baseUrl = process.env.TRUTO_BASE_URL ?? "https://api.truto.one";
export const integratedAccountId = process.env.TRUTO_INTEGRATED_ACCOUNT_ID ?? "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
export const engagementId = process.env.TRUTO_ENGAGEMENT_ID ?? "23423523";
