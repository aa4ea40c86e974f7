"""Booking an advisor: advisors, free times, appointments, the cancel link and calendar file."""
