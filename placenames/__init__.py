"""Place names shared by the bot and the API: normalisation and the municipality gazetteer.

Pure Python (standard library + PyYAML) so that both virtual environments (the Rasa one on
Python 3.10 and the API one on 3.11) can import it with the repository on ``sys.path``.

    from placenames.gazetteer import Gazetteer
    gazetteer = Gazetteer.load()                 # data/municipalities.yml
    gazetteer.find_all("asun Lapinjärvellä")     # [Match(id='lapinjarvi', ...)]
"""

from .gazetteer import Gazetteer, Match, Municipality, Provider
from .normalize import normalize, normalize_with_offsets

__all__ = ["Gazetteer", "Match", "Municipality", "Provider", "normalize", "normalize_with_offsets"]
