import sys
from pathlib import Path

# Custom components are imported as `components.*`, as Rasa does when started from bot/.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bot"))
