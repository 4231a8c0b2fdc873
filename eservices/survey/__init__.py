"""Survey (S9): questions an editor defines per service, answered once per request or identity."""
