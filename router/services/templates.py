"""Reply templates for common answers in the veileder console (bokmål, klarspråk)."""

from router.domain.contact import NAV_PHONE

REPLY_TEMPLATES: list[dict[str, str]] = [
    {"title": "Hilsen", "text": "Hei! Jeg heter {navn} og er veileder i NAV. Hva kan jeg hjelpe deg med?"},
    {
        "title": "Vedlegg mangler",
        "text": "For at vi skal kunne behandle søknaden din, trenger vi flere opplysninger. Du kan ettersende "
        "vedlegg på nav.no under «Dine søknader». Filene kan være PDF, PNG eller JPEG, høyst 10 MB hver.",
    },
    {
        "title": "Saksbehandlingstid",
        "text": "Søknaden din er mottatt. En saksbehandler går gjennom den, og du får beskjed når det er fattet "
        "et vedtak. Du kan følge saken på nav.no.",
    },
    {
        "title": "Nødhjelp",
        "text": "Jeg forstår at du trenger hjelp i dag. Jeg sørger for at NAV-kontoret ditt får vite det med en "
        f"gang. Ring også NAV-kontoret ditt, eller {NAV_PHONE}.",
    },
    {
        "title": "Tolk",
        "text": "Vi kan bestille tolk til en samtale eller et møte. Hvilket språk trenger du tolk på?",
    },
    {"title": "Avslutning", "text": "Takk for praten! Ta gjerne kontakt igjen hvis du lurer på noe mer."},
]
