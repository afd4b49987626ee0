"""Who is who: which records, across agencies, belong to one worker, and which employer is whose."""
