//! The fast report parser against serde_json.

use super::*;
use alloc::format;
use alloc::vec;

/// Same structure, same number bits.
fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.to_bits() == y.to_bits(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| identical(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, a), (l, b))| k == l && identical(a, b))
        }
        _ => a == b,
    }
}

/// The fast parser takes exactly what `parse_json` takes, with identical values; and
/// skipping a value accepts exactly what it parses, except number ranges.
fn check(text: &[u8]) {
    check_with(text, false)
}

/// [`check`]; `rare`: the fast parser may leave valid text to serde_json.
fn check_with(text: &[u8], rare: bool) {
    let want = crate::parse_json(text).ok();
    let got = parse_at(text, 0).ok();
    match (&want, &got) {
        (Some(w), Some(g)) => assert!(identical(w, g), "{:?}", core::str::from_utf8(text)),
        (None, None) => {}
        (Some(_), None) if rare => {}
        (w, g) => panic!(
            "{:?}: serde {w:?}, fast {g:?}",
            String::from_utf8_lossy(text)
        ),
    }
    let Ok(t) = core::str::from_utf8(text) else {
        assert!(want.is_none());
        return;
    };
    let mut p = Parser::new(t);
    p.ws();
    let skipped = p.skip(0).is_ok() && {
        p.ws();
        p.i == text.len()
    };
    if want.is_some() {
        assert!(skipped, "{:?}", String::from_utf8_lossy(text));
    }
}

#[test]
fn numbers_are_read_as_serde_json_reads_them() {
    let fixed = [
        "0",
        "-0",
        "0.0",
        "-0.0",
        "1",
        "-1",
        "1.5",
        "-1.5",
        "1e22",
        "1e23",
        "1E5",
        "1e+5",
        "1e-5",
        "2.5e-22",
        "2.5e-23",
        "1e-400",
        "1e400",
        "-1e400",
        "0e999999999999",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234",
        "1.7976931348623157e308",
        "4.9e-324",
        "0.1",
        "0.30000000000000004",
        "1795200435.0292153",
        "17952004350.292153",
        "1.2345678901234567e-07",
        "9007199254740993",
        "9007199254740993.0",
        "0.000000000000000000001",
        "12345678901234567890.5",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "--1",
        "1.5e3.2",
        "-01",
        "00",
        "0x10",
    ];
    for n in fixed {
        check_with(n.as_bytes(), true);
        check_with(format!("[{n}]").as_bytes(), true);
        check_with(format!("{{\"a\":{n}}}").as_bytes(), true);
    }
    // The fast path takes the corpus's number forms.
    for n in [
        "1795200435.0292153",
        "-0.0",
        "1e22",
        "0.30000000000000004",
        "-17",
    ] {
        assert!(parse_at(n.as_bytes(), 0).is_ok());
    }
    // Pseudo-random digits and exponents.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..20_000 {
        let r = next();
        let int = next() % 10u64.pow((r % 20) as u32).max(1);
        let frac_digits = (r >> 8) % 22;
        let frac = next() % 10u64.pow(frac_digits.min(19) as u32).max(1);
        let sign = if r & (1 << 20) != 0 { "-" } else { "" };
        let mut s = format!("{sign}{int}");
        if frac_digits > 0 {
            s += &format!(".{frac:0width$}", width = frac_digits as usize);
        }
        if r & (1 << 21) != 0 {
            let e = (next() % 70) as i64 - 35;
            s += &format!("e{e}");
        }
        check_with(s.as_bytes(), true);
    }
}

#[test]
fn strings_are_read_as_serde_json_reads_them() {
    let cases: &[&[u8]] = &[
        br#""""#,
        br#""plain ascii, long enough to take several words""#,
        br#""esc \" \\ \/ \b \f \n \r \t end""#,
        br#""\u0041\u00e9\u20ac\ud83d\ude00""#,
        br#""\ud83d""#,
        br#""\ude00""#,
        br#""\ud83d\u0041""#,
        br#""\ud83dx""#,
        br#""\u12""#,
        br#""\u12g4""#,
        br#""\x""#,
        "\"caf\u{e9} \u{1f600} \u{4e2d}\u{6587}\"".as_bytes(),
        b"\"bad \xff utf8\"",
        b"\"bad \xc3 cut\"",
        b"\"overlong \xc0\xaf\"",
        b"\"control \x01 char\"",
        b"\"tab \t raw\"",
        b"\"unterminated",
        b"\"unterminated \\",
        br#"{"k\u0065y":1,"key":2}"#,
        br#"{"a":1,}"#,
        br#"[1,]"#,
        br#"[1 2]"#,
        br#"{"a" 1}"#,
        br#"{1:1}"#,
        br#"{"a":1}}"#,
        br#"[tru]"#,
        br#"[true,false,null]"#,
        br#"[nul]"#,
        b" \n\t\r [ \n  1 ,\r\n\t2 ] \n ",
        b"[1]\x00",
        b"\xef\xbb\xbf[1]",
        b"",
        b"   ",
        br#"{"a":[{"b":{"c":["d",{"e":null}]}}],"f":"g"}"#,
    ];
    for c in cases {
        check(c);
        check(&[b"[".as_slice(), c, b"]"].concat());
        check(&[b"{\"x\":".as_slice(), c, b"}"].concat());
    }
    // Every prefix of a document with everything in it is either valid or rejected.
    let doc = "{\"a\": [1, -2.5e3, true, false, null, \"s\\n\\u00e9\u{e9}\"], \"b\": {\"c\": {}}, \"d\": []}";
    for end in 0..=doc.len() {
        check(&doc.as_bytes()[..end]);
    }
    for i in 0..doc.len() {
        for b in [
            b'"', b'\\', b',', b':', b'[', b']', b'{', b'}', b'x', b' ', 0x1f, 0xff,
        ] {
            let mut v = doc.as_bytes().to_vec();
            v[i] = b;
            check(&v);
        }
    }
}

#[test]
fn nesting_is_limited_as_in_serde_path() {
    for n in [1, 63, 64, 65, 200] {
        let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
        check(arrays.as_bytes());
        let objects = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
        check(objects.as_bytes());
        let mut p = Parser::new(&arrays);
        assert_eq!(p.skip(0).is_ok(), n <= MAX_DEPTH);
    }
    let v = vec![b'['; 100_000];
    check(&v);
}

/// The number literals of JSON text, in document order.
fn literals(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                out.push(&text[start..i]);
            }
            _ => i += 1,
        }
    }
    out
}

/// The numbers of `v`, in document order.
fn numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.push(*n),
        Value::Array(items) => items.iter().for_each(|v| numbers(v, out)),
        Value::Object(pairs) => pairs.iter().for_each(|(_, v)| numbers(v, out)),
        _ => {}
    }
}

/// Every number of every fixture, read by both JSON text parsers (`serde_json` and the
/// fast one), is the nearest `f64` to its literal: `str::parse::<f64>`'s, bit for bit.
#[cfg(feature = "std")]
#[test]
fn every_fixture_number_is_correctly_rounded() {
    extern crate std;
    fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, files);
            } else if p.extension().is_some_and(|x| x == "json" || x == "jsonl") {
                files.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        &mut files,
    );
    let (mut checked, mut fast_checked) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let docs: Vec<&str> = match crate::parse_json(text.as_bytes()) {
            Ok(_) => vec![text.as_str()],
            Err(_) => text.lines().filter(|l| !l.trim().is_empty()).collect(),
        };
        for doc in docs {
            let want: Vec<u64> = literals(doc)
                .iter()
                .map(|l| l.parse::<f64>().unwrap().to_bits())
                .collect();
            let mut got = Vec::new();
            numbers(&crate::parse_json(doc.as_bytes()).unwrap(), &mut got);
            let got: Vec<u64> = got.iter().map(|f| f.to_bits()).collect();
            assert_eq!(got, want, "serde_json path, {}", file.display());
            checked += got.len();
            if let Ok(v) = parse_at(doc.as_bytes(), 0) {
                let mut fast = Vec::new();
                numbers(&v, &mut fast);
                let fast: Vec<u64> = fast.iter().map(|f| f.to_bits()).collect();
                assert_eq!(fast, want, "fast path, {}", file.display());
                fast_checked += fast.len();
            }
        }
    }
    assert!(checked > 1_000, "{checked} numbers");
    assert_eq!(fast_checked, checked, "the fast parser read every fixture");
}
