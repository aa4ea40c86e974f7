"""Booking an advisor in the chat, and cancelling or moving a booked appointment (docs/booking-bot.md).

The modules, in the order a booking passes through them:
- `start`: `action_booking_start` fills in what the conversation already knows;
- `form`: `validate_booking_form` reads every answer of the booking form;
- `place`: whether the API covers a place named, and who serves the user there;
- `questions` and `free_times`: the form's questions (`action_ask_<slot>`), free times from the API;
- `submit`: `action_booking_submit` books, or says why the form ended early;
- `manage`: the manage form, which cancels or moves a booked appointment;
- `reading`, `choices`, `typed_time` and `words`: how a typed message is read (buttons by number,
  title or place, a day or time, stop and change words, yes and no); `state`: the forms' slots and
  what depends on what.
"""
