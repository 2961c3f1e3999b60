"""What every area shares and nothing else: the ownership/404 helper, field encryption
and the key store, private files, SVG, QR and HTMX helpers, the visitor's address, and
the privacy middleware.

It imports no app of Fulcrum's; every app may import it.
"""
