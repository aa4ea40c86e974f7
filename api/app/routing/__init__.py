"""Who provides a service to whom: the rule table of the programme sources."""
