"""Staff pages: log-in, the appointments of the own provider, slots, and (admins) accounts."""
