"""What the bot and the API agree on about a booking: what a contact is and what a booking
reference looks like. One definition, so that what the chat accepts the API accepts.

Framework-free (standard library + phonenumbers) so that both virtual environments (the Rasa one
on Python 3.10 and the API one on 3.11) import it with the repository root on ``sys.path``.

    from booking_rules.contact import find_contact, parse_contact
    find_contact("my number is 040 123 4567")   # Contact(kind='phone', value='+358401234567')
    from booking_rules.reference import find_reference
    find_reference("cancel my appointment k7q-m4x")   # 'K7QM4X'
"""
