// What the response module refuses, for the API to answer 400 or 404 with the message as it is.

export class ResponseInputError extends Error {}

export class ResponseNotFoundError extends Error {}
