use super::*;
use proptest::prelude::*;

#[test]
fn the_documents_of_the_toml_specification_read_as_toml_reads_them() {
    let valid = [
        "",
        "# only a comment\n",
        "a = 1\nb = 'x'\nc = \"y\\u00e9\"\nd = true\ne = 1979-05-27\nf = 07:32:00\ng = 1979-05-27T07:32:00Z\nh = 0x1F\ni = 0o17\nj = 0b11\nk = -1_000\nl = 3.14\nm = inf\nn = 1e6\n",
        "[a]\nx = 1\n[a.b]\ny = 2\n[c]\n",
        "[a.b.c]\n[a]\nx = 1\n",
        "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n",
        "[[fruit]]\nname = \"apple\"\n[fruit.physical]\ncolor = \"red\"\n[[fruit.variety]]\nname = \"red delicious\"\n[[fruit]]\nname = \"banana\"\n[[fruit.variety]]\nname = \"plantain\"\n",
        "points = [ { x = 1, y = 2 }, { x = 7, y = 8, z.w = 9 } ]\nnested = [[1, 2], ['a', \"b\"], []]\n",
        "\"quoted key\" = 1\n'literal.key' = 2\n\"\" = 3\nbare-key_1 = 4\n[\"a b\".'c']\nd = 5\n",
        "a = \"\"\"\nline\n[not a header]\n\"\"\"\nb = '''\nraw\\n'''\n",
        "inline = { a = 1, b.c = 2, b.d = 3 }\n",
        "x.y = 1\nx.z = 2\n[other]\n",
        "\u{feff}a = 1\r\nb = 2\r\n",
        "[a]\n[a.b]\n[a.c]\nx=1\n[a.b.d]\n",
    ];
    let invalid = [
        "a = 1\na = 2\n",
        "[a]\n[a]\n",
        "[a]\nb = 1\n[a.b]\n",
        "a = [1]\n[[a]]\n",
        "[[a]]\n[a]\n",
        "a = { b = 1 }\n[a.c]\n",
        "a = { b = 1 }\na.c = 2\n",
        "[fruit]\napple.color = 'red'\n[fruit.apple]\n",
        "[a.b]\n[a]\nb.c = 1\n",
        "a.b = 1\na = 2\n",
        "a = { b.c = 1, b = 2 }\n",
        "a = { b = {}, b.c = 1 }\n",
        "a = 1979-13-45\n",
        "a = \"\\q\"\n",
        "a = [1,\n",
        "[a\n",
        "a = \"\u{7}\"\n",
        "x = 1 # \u{1}\n",
    ];
    for (texts, valid) in [(&valid[..], true), (&invalid[..], false)] {
        for text in texts {
            let [ours, in_chunks, theirs] = described(text);
            assert_eq!(theirs.is_some(), valid, "toml's reading of {text:?}");
            assert_eq!(ours, theirs, "{text:?}");
            assert_eq!(ours, in_chunks, "{text:?} in chunks");
        }
    }
}

/// Lines that make and extend tables every way TOML allows, and many
/// ways it refuses.
const LINES: &[&str] = &[
    "[a]",
    "[a.b]",
    "[b]",
    "[a.b.c]",
    "[[a]]",
    "[[a.b]]",
    "[[c]]",
    "[c.d]",
    "[\"a\"]",
    "['a'.b]",
    "x = 1",
    "y = 'two'",
    "a = 3",
    "b.x = 1",
    "b.y = 2",
    "a.b = 1",
    "c = { x = 1, y.z = 2 }",
    "d = [1, { x = 2 }, [3]]",
    "e = []",
    "\"x\" = 4",
    "x.y = 5",
    "f = 2026-12-03",
    "g = 0x1f",
    "h = 1.5",
    "",
    "# comment",
    "i = \"\"\"\n[a]\n\"\"\"",
    "j = [\n[1],\n]",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_mix_of_tables_reads_as_toml_reads_it(
        lines in prop::collection::vec(prop::sample::select(LINES), 0..12),
    ) {
        let text = lines.join("\n") + "\n";
        let [ours, in_chunks, theirs] = described(&text);
        prop_assert_eq!(&ours, &theirs, "{:?}", text);
        prop_assert_eq!(&ours, &in_chunks, "{:?} in chunks", text);
    }
}
