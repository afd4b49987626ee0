"""HTTP and the running service: the order of a request, its guards, and the listeners."""
