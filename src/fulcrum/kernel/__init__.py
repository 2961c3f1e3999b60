"""What every area shares and nothing else: the ownership/404 helper, SVG, QR and HTMX
helpers, the visitor's address, the privacy middleware, and the key store.

It imports no app of Fulcrum's; every app may import it.
"""
