//! Files of a hostile pull request: symlinks where swatch reads or writes,
//! paths that leave the workspace, files over the size limit.
#![cfg(unix)]

mod common;

use common::{run_in, tree};
use std::os::unix::fs::symlink;

const WORKSPACE: &[u8] = b"[workspace]\nname = \"X\"\n\n[[member]]\nemail = \"po@x.co\"\naccount_type = \"primary_owner\"\n";
const SECRET: &str = "[http]\nextraheader = \"AUTHORIZATION: basic c2VjcmV0LXRva2Vu\"\n";

fn secret_file() -> tempfile::TempDir {
    tree(&[("config", SECRET.as_bytes())])
}

#[test]
fn a_symlinked_config_is_refused_unread() {
    let secret = secret_file();
    for name in ["swatch.toml", ".swatch.toml"] {
        let ws = tree(&[("workspace.toml", WORKSPACE)]);
        symlink(secret.path().join("config"), ws.path().join(name)).unwrap();
        for command in ["check", "licenses", "rules"] {
            let out = run_in(ws.path(), &[command, "."]);
            assert_eq!(
                out.code, 2,
                "{command} {name}: {}{}",
                out.stdout, out.stderr
            );
            assert!(
                out.stderr.contains(&format!("{name} is a symlink")),
                "names the link: {}",
                out.stderr
            );
            assert!(
                !out.stderr.contains("c2VjcmV0"),
                "the target is not read: {}",
                out.stderr
            );
        }
    }
    let ws = tree(&[("workspace.toml", WORKSPACE)]);
    symlink(secret.path().join("config"), ws.path().join("ci.toml")).unwrap();
    let out = run_in(ws.path(), &["check", "--config", "ci.toml", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("ci.toml is a symlink"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("c2VjcmV0"));
}

#[test]
fn a_symlinked_baseline_or_policy_is_refused_unread() {
    let secret = secret_file();
    let ws = tree(&[
        ("workspace.toml", WORKSPACE),
        ("swatch.toml", b"baseline = \"baseline.json\"\n"),
    ]);
    symlink(
        secret.path().join("config"),
        ws.path().join("baseline.json"),
    )
    .unwrap();
    let out = run_in(ws.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("baseline.json is a symlink"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("c2VjcmV0"));
    let out = run_in(ws.path(), &["check", "--baseline", "baseline.json", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);

    let ws = tree(&[("workspace.toml", WORKSPACE), ("policies/ok.toml", b"")]);
    symlink(
        secret.path().join("config"),
        ws.path().join("policies/leak.toml"),
    )
    .unwrap();
    for args in [&["check", "."][..], &["test", "."], &["rules", "."]] {
        let out = run_in(ws.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("policies/leak.toml"), "{}", out.stderr);
        assert!(out.stderr.contains("is a symlink"), "{}", out.stderr);
        assert!(!out.stderr.contains("c2VjcmV0"));
    }
}

#[test]
fn paths_the_config_names_stay_inside_the_workspace() {
    let outside = tree(&[("baseline.json", b"{\"version\": 1, \"findings\": []}\n")]);
    for path in [
        "../baseline.json".to_owned(),
        outside.path().join("baseline.json").display().to_string(),
    ] {
        let config = format!("baseline = \"{path}\"\n");
        let ws = tree(&[
            ("workspace.toml", WORKSPACE),
            ("swatch.toml", config.as_bytes()),
        ]);
        let out = run_in(ws.path(), &["check", "."]);
        assert_eq!(out.code, 2, "{path}: {}", out.stderr);
        assert!(
            out.stderr.contains("leaves the workspace folder"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains("swatch.toml:1:"),
            "located: {}",
            out.stderr
        );
    }
    // A folder on the way that is a link is refused too.
    let ws = tree(&[
        ("workspace.toml", WORKSPACE),
        ("swatch.toml", b"baseline = \"ci/baseline.json\"\n"),
    ]);
    symlink(outside.path(), ws.path().join("ci")).unwrap();
    let out = run_in(ws.path(), &["check", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("ci is a symlink"), "{}", out.stderr);
}

#[test]
fn write_baseline_never_writes_through_a_symlink() {
    let victim = tree(&[(".bashrc", b"# my shell\n")]);
    let ws = tree(&[("workspace.toml", WORKSPACE)]);
    symlink(
        victim.path().join(".bashrc"),
        ws.path().join("baseline.json"),
    )
    .unwrap();
    let out = run_in(
        ws.path(),
        &["check", "--write-baseline", "baseline.json", "."],
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("cannot write the baseline baseline.json")
            && out.stderr.contains("is a symlink; swatch never writes"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(victim.path().join(".bashrc")).unwrap(),
        "# my shell\n",
        "the link's target is unchanged"
    );
}

#[test]
fn symlinked_model_files_are_skipped_and_said() {
    let secret = secret_file();
    let ws = tree(&[("workspace.toml", WORKSPACE)]);
    symlink(secret.path().join("config"), ws.path().join("leak.toml")).unwrap();
    symlink(secret.path(), ws.path().join("apps")).unwrap();
    let out = run_in(ws.path(), &["check", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("; 2 symlinks skipped)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("c2VjcmV0"));
}

#[test]
fn the_size_limit_is_set_by_flag_or_config_and_named() {
    let ws = tree(&[("workspace.toml", WORKSPACE)]);
    let out = run_in(ws.path(), &["check", "--max-file-size", "50B", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("workspace.toml: it is larger than 50 bytes")
            && out.stderr.contains("--max-file-size")
            && out.stderr.contains("max_file_size"),
        "names the file, the limit and both ways to raise it: {}",
        out.stderr
    );
    assert_eq!(
        run_in(ws.path(), &["check", "--max-file-size", "1KiB", "."]).code,
        0
    );
    for bad in ["4GiB", "0", "12 parsecs"] {
        assert_eq!(
            run_in(ws.path(), &["check", "--max-file-size", bad, "."]).code,
            2,
            "{bad}"
        );
    }

    let ws = tree(&[
        ("workspace.toml", WORKSPACE),
        ("swatch.toml", b"max_file_size = \"60B\"\n"),
    ]);
    let out = run_in(ws.path(), &["licenses", "."]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("larger than 60 bytes"),
        "{}",
        out.stderr
    );
    // The flag wins over the config.
    assert_eq!(
        run_in(ws.path(), &["licenses", "--max-file-size", "1MB", "."]).code,
        0
    );
    let ws = tree(&[
        ("workspace.toml", WORKSPACE),
        ("swatch.toml", b"max_file_size = \"lots\"\n"),
    ]);
    let out = run_in(ws.path(), &["check", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("swatch.toml:1:"), "{}", out.stderr);
}
