"""lanecastd's command line: --help, --version, --check-config, --print-config."""

import os
import shutil
import subprocess
import tempfile
import unittest

from harness import LANECASTD, main


def run(*args, config_dir=None):
    config_dir = config_dir or tempfile.mkdtemp(prefix="lanecast-cli-")
    return subprocess.run([LANECASTD, "--config-dir", config_dir, *args],
                          capture_output=True, text=True, timeout=30)


class TheCommandLine(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="lanecast-cli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_prints_its_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^lanecastd \d+\.\d+\.\d+")

    def test_prints_help_naming_every_option(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        for option in ("--config", "--set", "--check-config", "--print-config", "--version"):
            self.assertIn(option, r.stdout)

    def test_refuses_an_unknown_option(self):
        r = run("--frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--frobnicate", r.stderr)

    def test_checks_a_good_configuration(self):
        r = run("--check-config", config_dir=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_names_file_line_and_reason_for_a_bad_configuration(self):
        self.write("lanecast.conf", "[http]\nlisten = 127.0.0.1:8080\n\n[store]\ndecimals = 9\n")
        r = run("--check-config", config_dir=self.dir)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("lanecast.conf:5", r.stderr)
        self.assertIn("decimals", r.stderr)

    def test_refuses_a_locale_that_is_not_a_bcp47_tag_naming_the_line(self):
        for tag, reason in (("de_DE.UTF-8", "POSIX locale"), ("deutschland", "BCP 47 language tag"),
                            ("de-", "BCP 47 language tag")):
            self.write("lanecast.conf", f"[display]\nlocale = {tag}\n")
            r = run("--check-config", config_dir=self.dir)
            self.assertEqual(r.returncode, 78, tag)
            self.assertIn("lanecast.conf:2: bad value for display.locale", r.stderr)
            self.assertIn(reason, r.stderr)

    def test_says_which_catalog_a_locale_gets_and_when_it_falls_back(self):
        for tag, said in (("pl-PL", "display.locale pl-PL: no catalog for pl-PL; catalog pl is used"),
                          ("de", "display.locale de: catalog de"),
                          ("pt-BR", "display.locale pt-BR: no catalog for pt-BR or pt; English (en) is used")):
            r = run("--check-config", "--set", f"display.locale={tag}", config_dir=self.dir)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(said, r.stderr)

    def test_refuses_decimals_that_are_not_the_currencys_minor_unit(self):
        self.write("lanecast.conf", "[store]\ncurrency = JPY\n")
        r = run("--check-config", config_dir=self.dir)
        self.assertEqual(r.returncode, 78)
        self.assertIn("store.decimals is 2, but JPY has 0 decimal places in ISO 4217: set store.decimals = 0",
                      r.stderr)
        self.write("lanecast.conf", "[store]\ncurrency = JPY\ndecimals = 0\n")
        self.assertEqual(run("--check-config", config_dir=self.dir).returncode, 0)
        r = run("--check-config", "--set", "store.currency=KWD", config_dir=self.dir)
        self.assertIn("KWD has 3 decimal places", r.stderr)

    def test_loads_an_old_money_format_with_a_warning_that_it_is_ignored(self):
        self.write("lanecast.conf", "[display]\nlocale = de-DE\ncurrency_symbol = €\nsymbol_position = after\n"
                                    "decimal_separator = ,\nthousands_separator = .\n")
        r = run("--check-config", config_dir=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("lanecast.conf:4: display.symbol_position is no longer used and is ignored", r.stderr)
        self.assertIn("lanecast.conf:5: display.decimal_separator is no longer used", r.stderr)
        self.assertIn("lanecast.conf:6: display.thousands_separator is no longer used", r.stderr)

    def test_refuses_a_store_time_zone_the_system_does_not_know(self):
        r = run("--check-config", "--set", "store.time_zone=Europe/Atlantis", config_dir=self.dir)
        self.assertEqual(r.returncode, 78)
        self.assertIn("store.time_zone", r.stderr)
        self.assertIn("Europe/Atlantis", r.stderr)
        r = run("--check-config", "--set", "store.time_zone=Europe/Warsaw", config_dir=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_lets_a_drop_in_override_the_main_file_and_the_command_line_override_both(self):
        self.write("lanecast.conf", "[store]\ncurrency = USD\n")
        self.write("lanecast.conf.d/10-store.conf", "[store]\ncurrency = JPY\ndecimals = 0\n")
        r = run("--print-config", config_dir=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"currency = \"?JPY")
        r = run("--print-config", "--set", "store.currency=CHF", "--set", "store.decimals=2", config_dir=self.dir)
        self.assertRegex(r.stdout, r"currency = \"?CHF")

    def test_never_prints_a_token(self):
        r = run("--print-config", "--set", "auth.tokens=secret-token-xyz", config_dir=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("secret-token-xyz", r.stdout)

    def test_refuses_a_newer_database_schema_with_a_clear_message(self):
        db = os.path.join(self.dir, "future.db")
        subprocess.run(["sqlite3", db, "PRAGMA application_id=1280197459; PRAGMA user_version=999; CREATE TABLE t(x);"],
                       check=True)
        r = subprocess.run([LANECASTD, "--config-dir", self.dir, "--set", f"storage.path={db}",
                            "--set", "http.listen=127.0.0.1:0"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("999", r.stderr)


if __name__ == "__main__":
    main()
