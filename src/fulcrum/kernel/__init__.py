"""What every area shares and nothing else: field encryption, the key store, private files."""
