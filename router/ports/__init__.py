"""Ports: the contracts between the use cases (router/services) and the I/O around them (router/adapters).

Each module holds typing.Protocol classes and the plain values that cross them, nothing that does I/O. Services
import ports and domain only; adapters implement the ports; router/app.py (the composition root) wires them.
"""
