"""Pure domain of the router: no aiohttp, SQLAlchemy, network, clock or randomness.

Norwegian domain terms (bruker, veileder, enhet, tema, diskresjonskode ...) are kept as they are;
docs/GLOSSARY.md explains each one once.
"""
