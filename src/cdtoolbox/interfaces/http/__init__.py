"""HTTP plumbing shared by the API, the pages and TAXII: the application, who is calling,
sessions, request limits, security headers, error responses and the server."""
