"""Reading what a request needs from the sources: planned per page, cached, never around the gate."""
