import type { TransportPlugin } from './transport.js';

/** Every error a node returns says which country it came from (`extensions.country`). */
export const countryTags: TransportPlugin = (next) => ({
  async send(country, request) {
    const answer = await next.send(country, request);
    const errors = answer.response?.errors;
    if (!errors?.length) return answer;
    return {
      country,
      response: { ...answer.response, errors: errors.map((e) => ({ ...e, extensions: { ...e.extensions, country } })) },
    };
  },
});
