"""The paste rule, on the seed report's own lines."""

from gsef_sessions.domain.paste import format_points, is_quote, parse_points

SOLEDAD = (
    "- Digitalization is closely related to the working conditions that a large part of the world's workers have "
    "had to assume as a result of the COVID-19 pandemic.\n"
    "\n"
    "- The pandemic has accelerated the process of digitalization in various productive activities.\n"
    "\n"
    '- "Digitalization is democratizing knowledge" which leads thousands of people around the world to innovate and '
    "start new businesses, through self-employment or in family businesses or from the SSE.\n"
    "\n"
    "- \"The opportunities provided by the Internet, social networks, today's cell phone applications have allowed "
    "the emergence of new and innovative businesses with little investment and without the need for commercial "
    'premises or large production plants".\n'
)

PENARANDA = (
    "- For better practices, there are four points to focus on:\n"
    "\n"
    "1) Good practice in training and education. There is a constant dialogue with organizations to better focus on "
    "training needs to meet both present and future;\n"
    "2) Production chains and market. SSE organizations use digitalization to strengthen their productive chains and "
    "reach new markets and have the necessary elements to generate a value offer.\n"
    "\n"
    "3) Strategic alliances between organizations for digitalization that will boost the support and solidarity in "
    "terms of productivity and efficiency that will generate much stronger SSE organizations.\n"
    "\n"
    "4) Production of understanding. We are in an era where digitalization is creating an enormous amount of "
    "information.\n"
    "\n"
    "- The best practice is long term planning, there is no time late to start a concrete planning of how "
    "organizations should face the challenge of digitalization and it should take different edges based on the four "
    "points above.\n"
)


def test_parse_points_strips_bullets_and_splits_on_blank_lines():
    points = parse_points(SOLEDAD)
    assert [p.text[:40] for p in points] == [
        "Digitalization is closely related to the",
        "The pandemic has accelerated the process",
        '"Digitalization is democratizing knowled',
        '"The opportunities provided by the Inter',
    ]


def test_parse_points_quote_needs_only_punctuation_after_last_mark():
    assert [p.is_quote for p in parse_points(SOLEDAD)] == [False, False, False, True]


def test_is_quote_seed_lines():
    assert is_quote(
        '"The goal is not digitalization; digitalization is only an instrument to achieve the goals that a model '
        'like the SSE seeks"'
    )
    assert is_quote('"A liberal democracy is not just about uploading three bits of information every four years."')
    assert is_quote("“Only with inclusive social contracts”.")
    assert not is_quote(
        '"Work today can benefit in many ways from digitalization" for example the possibilities of teleworking'
    )
    assert not is_quote('"an unclosed quotation')
    assert not is_quote('"Decent work" is the right of all workers\'.')
    assert is_quote("«La transformación digital del trabajo es un elemento a construir».")
    assert not is_quote("Digitalization is a great universe of opportunities")


def test_parse_points_numbered_lines_after_colon_become_sub_points():
    points = parse_points(PENARANDA)
    assert len(points) == 2
    assert points[0].text == "For better practices, there are four points to focus on:"
    assert [child.text[:30] for child in points[0].children] == [
        "Good practice in training and ",
        "Production chains and market. ",
        "Strategic alliances between or",
        "Production of understanding. W",
    ]
    assert points[1].text.startswith("The best practice is long term planning")
    assert points[1].children == []


def test_parse_points_numbered_line_without_opener_stays_a_point():
    points = parse_points("- Taiwan has four components.\n\n1) Infrastructure development")
    assert [(p.text, p.children) for p in points] == [
        ("Taiwan has four components.", []),
        ("1) Infrastructure development", []),
    ]


def test_parse_points_inline_numbering_stays_inside_the_point():
    text = (
        "- This process has five elements: 1) the education and training of people; 2) the strengthening of innovation."
    )
    points = parse_points(text)
    assert len(points) == 1
    assert points[0].children == []


def test_parse_points_wrapped_line_continues_the_point():
    points = parse_points(
        "- Digitalization and digital transformation are processes that must be consolidated\n"
        "in a sensible, sustainable and respectful way."
    )
    assert [p.text for p in points] == [
        "Digitalization and digital transformation are processes that must be consolidated in a sensible, "
        "sustainable and respectful way.",
    ]


def test_parse_points_each_bullet_starts_a_point_without_blank_lines():
    points = parse_points("• Oihane\n* Baudouin\n\uf0b7 Audrey\n- Enrique")
    assert [p.text for p in points] == ["Oihane", "Baudouin", "Audrey", "Enrique"]


def test_parse_points_windows_line_endings():
    assert [p.text for p in parse_points("- One\r\n\r\n- Two\r\n")] == ["One", "Two"]


def test_format_points_reads_back_to_the_same_points():
    points = parse_points(PENARANDA)
    again = parse_points(format_points(points))
    assert [(p.text, [c.text for c in p.children]) for p in again] == [
        (p.text, [c.text for c in p.children]) for p in points
    ]
