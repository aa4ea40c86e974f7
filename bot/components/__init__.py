"""Custom Rasa components of Opas: language detection, municipality and jobseeker extraction, NLG."""
