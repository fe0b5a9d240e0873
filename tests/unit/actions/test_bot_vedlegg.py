from actions.vedlegg import ITEMS, LIMITS, build_checklist, render_checklist


def test_everyone_needs_bank_statements() -> None:
    assert build_checklist({}) == ["kontoutskrift"]


def test_tenant_in_work() -> None:
    keys = build_checklist({"bosituasjon": "leier", "arbeid": "arbeid", "barn": "nei"})
    assert {"kontoutskrift", "husleiekontrakt", "husleie_kvittering", "lonnsslipp"} <= set(keys)
    assert "boliglan" not in keys and "barnehage" not in keys


def test_student_with_children_in_barnehage_and_sfo() -> None:
    keys = build_checklist({"arbeid": "student", "barn": "ja", "barnehage": "barnehage,sfo", "bosituasjon": "leier"})
    assert {"lanekassen", "barnehage", "sfo", "husleiekontrakt"} <= set(keys)


def test_owner_with_debt_and_power_bill() -> None:
    keys = build_checklist({"bosituasjon": "eier", "utgifter": "strom,gjeld", "inntekt": "bostotte"})
    assert {"boliglan", "strom", "gjeld", "bostotte"} <= set(keys)
    assert "husleiekontrakt" not in keys


def test_no_children_means_no_barnehage_even_if_mentioned_elsewhere() -> None:
    assert "barnehage" not in build_checklist({"barn": "nei", "utgifter": "barnehage"})


def test_homeless_needs_no_rent_documents() -> None:
    keys = build_checklist({"bosituasjon": "uten_bolig", "behov": "husleie"})
    assert "husleiekontrakt" not in keys


def test_vet_ikke_adds_nothing() -> None:
    answers = {f: "vet_ikke" for f in ("behov", "arbeid", "barn", "bosituasjon", "inntekt", "utgifter")}
    assert build_checklist(answers) == ["kontoutskrift"]


def test_order_is_stable_and_texts_exist_in_all_languages() -> None:
    keys = build_checklist({"bosituasjon": "leier", "arbeid": "arbeid,student", "behov": "strom,annet"})
    assert keys == [k for k in ITEMS if k in keys]
    for lang in ("nb", "nn", "en"):
        text = render_checklist(keys, lang)
        assert text.count("•") == len(keys)
    assert "10 MB" in LIMITS["nb"] and "14 dager" in LIMITS["nb"] and "to søknader" in LIMITS["nb"]


def test_household_spouse_samboer_and_separation() -> None:
    assert "ektefelle" in build_checklist({"sivilstatus": "gift"})
    assert "samboer" in build_checklist({"sivilstatus": "samboer"})
    keys = build_checklist({"sivilstatus": "separert", "barn": "ja"})
    assert {"separasjon", "barnetrygd", "barnebidrag", "samvaer"} <= set(keys)
    assert not {"ektefelle", "samboer", "separasjon", "samvaer"} & set(build_checklist({"sivilstatus": "enslig"}))


def test_children_bring_their_documents() -> None:
    keys = build_checklist({"sivilstatus": "enslig", "barn": "ja", "barnehage": "sfo"})
    assert {"barnetrygd", "samvaer", "sfo"} <= set(keys) and "barnehage" not in keys
    assert "barnetrygd" not in build_checklist({"barn": "nei"})
    assert "samvaer" not in build_checklist({"sivilstatus": "gift", "barn": "ja"})


def test_formue_brings_statements_for_each_asset() -> None:
    keys = build_checklist({"formue": "sparepenger,bsu,aksjer,bil,bolig"})
    assert {"kontoutskrift_sparekonto_bsu", "aksjer", "kjoretoy", "eiendom"} <= set(keys)
    assert build_checklist({"formue": "ingen"}) == ["kontoutskrift"]


def test_each_document_is_listed_once() -> None:
    """A probe's list had two kontoutskrift lines (all accounts, and the savings account); with BSU three."""
    for formue, key in [("sparepenger,bil", "kontoutskrift_sparekonto"), ("bsu", "kontoutskrift_bsu"),
                        ("sparepenger,bsu", "kontoutskrift_sparekonto_bsu"), ("bil", "kontoutskrift")]:
        keys = build_checklist({"formue": formue})
        assert [k for k in keys if k.startswith("kontoutskrift")] == [key], (formue, keys)
        for lang in ("nb", "nn", "en"):
            lines = render_checklist(keys, lang).splitlines()
            assert sum(("ontoutskrift" in line or "tatement" in line) for line in lines) == 1, (formue, lines)
    nb = render_checklist(build_checklist({"formue": "sparepenger,bsu"}), "nb")
    assert "også sparekontoen og BSU-kontoen" in nb and "står der i dag" in nb
    # a tenant who needs a deposit: the contract where they live and the one for the new home read as two documents
    lines = render_checklist(build_checklist({"bosituasjon": "leier", "behov": "depositum"}), "nb").splitlines()
    assert "• Husleiekontrakten" in lines and "• For boligen du skal leie: husleiekontrakt eller tilbud som viser " \
        "depositumet" in lines


def test_a_corrected_answer_changes_the_list() -> None:
    before = build_checklist({"sivilstatus": "samboer", "barn": "nei", "formue": "ingen"})
    after = build_checklist({"sivilstatus": "enslig", "barn": "ja", "formue": "sparepenger"})
    assert "samboer" in before and "samboer" not in after
    assert {"barnetrygd", "samvaer", "kontoutskrift_sparekonto"} <= set(after) - set(before)
    for lang in ("nb", "nn", "en"):
        assert render_checklist(after, lang).count("•") == len(after)
