
use builtin;
use str;

set edit:completion:arg-completer[certkeep] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'certkeep'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'certkeep'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand account 'Manage ACME accounts: register, list, show, rollover, deactivate'
            cand obtain 'Obtain a certificate and keep it in the store'
            cand renew 'Renew what is due (quiet and exit 0 when nothing is); for cron and systemd timers'
            cand status 'Per certificate: next renewal and why, failures and backoff, ARI window; the daemon''s state'
            cand daemon 'Run as a long-lived renewal daemon (sleeps until the next certificate is due)'
            cand systemd 'Print systemd units for the daemon or for a renewal timer'
            cand dns 'DNS helpers: where a dns-01 record goes, dns-persist-01 records'
            cand hooks 'Work with a certificate''s hooks'
            cand import 'Move in from certbot, lego or acme.sh: accounts, certificates and renewal settings'
            cand list 'List every certificate: name, expiry, days left, status, names'
            cand show 'Show one certificate in detail'
            cand revoke 'Revoke a certificate at its CA'
            cand delete 'Delete a certificate from the store (without revoking it)'
            cand install 'Install a certificate where a service reads it, reload the service, verify it serves it'
            cand deploy 'Deploy the current versions to their install targets now'
            cand secret 'Store a secret (read from stdin) for later use as keyring:NAME'
            cand tui 'A full-screen dashboard of every certificate, with renewal at a keypress (the default on a terminal when no command is given)'
            cand completions 'Print a shell completion script'
            cand __generate-assets 'Regenerate completions/ and man/ into DIR (for certkeep''s developers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;account'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand register 'Register a new account with a CA (a fresh account key each time)'
            cand list 'List the registered accounts'
            cand show 'Show one account'
            cand rollover 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed'
            cand deactivate 'Deactivate an account at its CA, confirmed by a follow-up request'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;account;register'= {
            cand --ca 'CA preset (letsencrypt, letsencrypt-staging, zerossl, google, google-staging, buypass, buypass-staging, sslcom-rsa, sslcom-ecc) or an https:// directory URL'
            cand --name 'Local name of the account [default: default]'
            cand --email 'Contact e-mail address (repeatable)'
            cand --eab-kid 'External Account Binding key id (`ZeroSSL`, Google, SSL.com ...)'
            cand --eab-hmac-key 'External Account Binding HMAC key: keyring:NAME, file:PATH or env:VAR'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --agree-tos 'Agree to the CA''s terms of service'
            cand --replace 'Register anew even when an account of this name exists or is damaged (the CA forgot it); the old one is moved aside in the store, not deleted'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;account;list'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;account;show'= {
            cand --ca 'The CA the account belongs to'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;account;rollover'= {
            cand --ca 'The CA the account belongs to'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;account;deactivate'= {
            cand --ca 'The CA the account belongs to'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;account;help'= {
            cand register 'Register a new account with a CA (a fresh account key each time)'
            cand list 'List the registered accounts'
            cand show 'Show one account'
            cand rollover 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed'
            cand deactivate 'Deactivate an account at its CA, confirmed by a follow-up request'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;account;help;register'= {
        }
        &'certkeep;account;help;list'= {
        }
        &'certkeep;account;help;show'= {
        }
        &'certkeep;account;help;rollover'= {
        }
        &'certkeep;account;help;deactivate'= {
        }
        &'certkeep;account;help;help'= {
        }
        &'certkeep;obtain'= {
            cand -d 'A name to cover: DNS name or IP address (repeatable; the first names the certificate)'
            cand --domain 'A name to cover: DNS name or IP address (repeatable; the first names the certificate)'
            cand --listen 'Address for the standalone responder (implies --http-standalone unless --tls-alpn-standalone) [default: [::]:80, or [::]:443 for tls-alpn-01; IPv4 and IPv6]'
            cand --webroot 'Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server'
            cand --dns 'Answer dns-01 (wildcards too) through a provider: exec (your script) or manual'
            cand --dns-script 'For --dns exec: run as `SCRIPT present|cleanup RECORD VALUE`, with the same in environment variables'
            cand --dns-server 'For --dns rfc2136: the primary server to send updates to, ADDR[:PORT]'
            cand --tsig-key-name 'For --dns rfc2136: the TSIG key name'
            cand --tsig-secret 'For --dns rfc2136: the TSIG secret (base64), as keyring:NAME, file:PATH or env:VAR'
            cand --tsig-algorithm 'For --dns rfc2136: hmac-sha256, hmac-sha384 or hmac-sha512 [default: hmac-sha256]'
            cand --acme-dns-url 'For --dns acme-dns: the acme-dns API URL (register each name first with ''certkeep dns acme-dns register'')'
            cand --dns-zone 'The zone to update [default: found by SOA lookup]'
            cand --dns-check-server 'Ask this server whether the record is visible (repeatable) [default: the zone''s NS; for rfc2136 the primary]'
            cand --dns-timeout 'Give up when the record is not visible on every server within SECS (1 to 86400) [default: 120]'
            cand --dns-wait 'Wait SECS more once the record is visible everywhere (0 to 86400) [default: 0]'
            cand --name 'Name of the certificate in the store [default: the first name]'
            cand --ca 'CA preset or https:// directory URL [default: the CA of your account(s)]'
            cand --account 'Account to use [default: the one registered with the CA]'
            cand --key-type 'Key type of the new private key [default: ec-p256, or the config file''s default key type]'
            cand --csr 'Use this CSR (PEM or DER) instead of generating a key; its names are used'
            cand --profile 'ACME profile to request (e.g. classic, tlsserver, shortlived)'
            cand --preferred-chain 'Prefer the chain whose root or intermediate has this common name'
            cand --email 'Contact e-mail, used when an account must be registered first (repeatable)'
            cand --pre-hook 'Run before the first order of a run (repeatable; an argv, no shell unless --hook-shell)'
            cand --post-hook 'Run once after the run'
            cand --deploy-hook 'Run after the certificate is stored, e.g. ''systemctl reload nginx'''
            cand --failure-hook 'Run when the certificate failed to renew'
            cand --hook-timeout 'Kill a hook''s process group after SECS (1 to 86400) [default: 120]'
            cand --renew-before 'Renew this long before expiry instead of following the CA (ARI) or the 1/3 rule: 30d, 1d12h, 90m, 3600 (at most 3650d). A margin that would renew the certificate within the first third of its lifetime is ignored, with a warning'
            cand --cert 'Write the leaf certificate to PATH'
            cand --chain 'Write the intermediates to PATH'
            cand --fullchain 'Write leaf + intermediates to PATH (nginx''s `ssl_certificate`)'
            cand --key 'Write the private key to PATH (mode 0600 unless --mode)'
            cand --combined 'Write key + leaf + intermediates in one PEM to PATH (haproxy)'
            cand --pkcs12 'Write a PKCS#12 file to PATH (AES-256, PBKDF2); needs --pkcs12-password'
            cand --pkcs12-password 'The PKCS#12 password as a reference: `keyring:NAME`, `file:PATH` or `env:VAR`'
            cand --owner 'Owner of the written files (user name or uid)'
            cand --group 'Group of the written files (group name or gid)'
            cand --mode 'Mode of the written files, octal (default 0644, and 0600 for files with the key; a mode that lets others read a key is refused)'
            cand --preset 'Fill in the config test and the reload of a known service'
            cand --config-test 'Check the service''s config after writing (an argv; the old files go back when it fails)'
            cand --reload 'Reload the service (once per run, after every certificate''s files are written)'
            cand --verify 'After the reload, check that ADDR[:PORT] serves the new certificate'
            cand --verify-sni 'The SNI for --verify [default: the first identifier]'
            cand --verify-timeout 'How long --verify keeps trying, 1 to 600 [default: 30]'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --http-standalone 'Answer http-01 with certkeep''s own HTTP server'
            cand --tls-alpn-standalone 'Answer tls-alpn-01 with certkeep''s own TLS responder (port 443)'
            cand --dry-run 'Run the whole flow against the CA''s staging directory and store nothing'
            cand --agree-tos 'Agree to the CA''s terms, registering an account first when none exists'
            cand --hook-shell 'Run the hook commands through /bin/sh -c (variables, pipes) instead of as plain argv'
            cand --force 'Issue even when the stored certificate already has these names and settings and is not due (without it, such an obtain orders nothing and exits 0)'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;renew'= {
            cand --concurrency 'Orders in flight at once per CA, for this run (1 to 64) [default: the config''s [limits] concurrency, else 8]'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --force 'Renew even when not due'
            cand --dry-run 'Renew against the CA''s staging directory; store nothing, run no hook'
            cand --no-random-delay 'Skip the random delay of up to 8 minutes used when stdin is not a terminal (cron)'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;status'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;daemon'= {
            cand --concurrency 'Orders in flight at once per CA (1 to 64) [default: the config''s [limits] concurrency, else 8]'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;systemd'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand print 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;systemd;print'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --timer 'A oneshot `certkeep renew` service and a twice-daily timer'
            cand --daemon 'The long-running daemon (the default)'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;systemd;help'= {
            cand print 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;systemd;help;print'= {
        }
        &'certkeep;systemd;help;help'= {
        }
        &'certkeep;dns'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there'
            cand acme-dns 'Work with acme-dns'
            cand persist-record 'Print the standing dns-persist-01 TXT record for your account'
            cand persist-check 'Check that the dns-persist-01 record is published on every authoritative server'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;dns;check'= {
            cand -d 'The name'
            cand --domain 'The name'
            cand --dns-check-server 'Ask these servers [default: the zone''s authoritative servers]'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;dns;acme-dns'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand register 'Register a name with acme-dns; the credentials go to the keyring'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;dns;acme-dns;register'= {
            cand --acme-dns-url 'The acme-dns API URL'
            cand -d 'The name'
            cand --domain 'The name'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;dns;acme-dns;help'= {
            cand register 'Register a name with acme-dns; the credentials go to the keyring'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;dns;acme-dns;help;register'= {
        }
        &'certkeep;dns;acme-dns;help;help'= {
        }
        &'certkeep;dns;persist-record'= {
            cand -d 'The name'
            cand --domain 'The name'
            cand --persist-until 'Until when the permission stands (RFC 3339, e.g. 2027-12-31T00:00:00Z)'
            cand --account 'The account [default: the only one]'
            cand --ca 'The CA of the account'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --wildcard 'Allow wildcard certificates below the name too'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;dns;persist-check'= {
            cand -d 'The name'
            cand --domain 'The name'
            cand --persist-until 'Until when the permission stands (RFC 3339, e.g. 2027-12-31T00:00:00Z)'
            cand --account 'The account [default: the only one]'
            cand --ca 'The CA of the account'
            cand --dns-check-server 'Ask these servers [default: the zone''s authoritative servers]'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --wildcard 'Allow wildcard certificates below the name too'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;dns;help'= {
            cand check 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there'
            cand acme-dns 'Work with acme-dns'
            cand persist-record 'Print the standing dns-persist-01 TXT record for your account'
            cand persist-check 'Check that the dns-persist-01 record is published on every authoritative server'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;dns;help;check'= {
        }
        &'certkeep;dns;help;acme-dns'= {
            cand register 'Register a name with acme-dns; the credentials go to the keyring'
        }
        &'certkeep;dns;help;acme-dns;register'= {
        }
        &'certkeep;dns;help;persist-record'= {
        }
        &'certkeep;dns;help;persist-check'= {
        }
        &'certkeep;dns;help;help'= {
        }
        &'certkeep;hooks'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand test 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;hooks;test'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --failure 'Also run its failure hooks, with a simulated error'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;hooks;help'= {
            cand test 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;hooks;help;test'= {
        }
        &'certkeep;hooks;help;help'= {
        }
        &'certkeep;import'= {
            cand --name-prefix 'Put P before every imported certificate''s name'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --dry-run 'Print the plan and write nothing'
            cand --take-over 'Keep writing renewed certificates to the paths services read today, and print the commands that stop the old client''s renewals'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;list'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;show'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --pem 'Print the full chain PEM (leaf first) instead of the summary'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;revoke'= {
            cand --reason 'Revocation reason'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --delete 'Delete the certificate from the store after revoking it'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;delete'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;install'= {
            cand --cert 'Write the leaf certificate to PATH'
            cand --chain 'Write the intermediates to PATH'
            cand --fullchain 'Write leaf + intermediates to PATH (nginx''s `ssl_certificate`)'
            cand --key 'Write the private key to PATH (mode 0600 unless --mode)'
            cand --combined 'Write key + leaf + intermediates in one PEM to PATH (haproxy)'
            cand --pkcs12 'Write a PKCS#12 file to PATH (AES-256, PBKDF2); needs --pkcs12-password'
            cand --pkcs12-password 'The PKCS#12 password as a reference: `keyring:NAME`, `file:PATH` or `env:VAR`'
            cand --owner 'Owner of the written files (user name or uid)'
            cand --group 'Group of the written files (group name or gid)'
            cand --mode 'Mode of the written files, octal (default 0644, and 0600 for files with the key; a mode that lets others read a key is refused)'
            cand --preset 'Fill in the config test and the reload of a known service'
            cand --config-test 'Check the service''s config after writing (an argv; the old files go back when it fails)'
            cand --reload 'Reload the service (once per run, after every certificate''s files are written)'
            cand --verify 'After the reload, check that ADDR[:PORT] serves the new certificate'
            cand --verify-sni 'The SNI for --verify [default: the first identifier]'
            cand --verify-timeout 'How long --verify keeps trying, 1 to 600 [default: 30]'
            cand --remove 'Forget the target at PATH (the file stays)'
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --list 'Show the saved targets'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;deploy'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;secret'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand set 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;secret;set'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;secret;help'= {
            cand set 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;secret;help;set'= {
        }
        &'certkeep;secret;help;help'= {
        }
        &'certkeep;tui'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;completions'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;__generate-assets'= {
            cand --store 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]'
            cand --config 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]'
            cand --ca-root 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA'
            cand --wait-lock 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)'
            cand --color 'When to use colour on stderr'
            cand --json 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
            cand --events 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
            cand -v 'Show more progress detail'
            cand --verbose 'Show more progress detail'
            cand -q 'Show no progress, only results and errors'
            cand --quiet 'Show no progress, only results and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkeep;help'= {
            cand account 'Manage ACME accounts: register, list, show, rollover, deactivate'
            cand obtain 'Obtain a certificate and keep it in the store'
            cand renew 'Renew what is due (quiet and exit 0 when nothing is); for cron and systemd timers'
            cand status 'Per certificate: next renewal and why, failures and backoff, ARI window; the daemon''s state'
            cand daemon 'Run as a long-lived renewal daemon (sleeps until the next certificate is due)'
            cand systemd 'Print systemd units for the daemon or for a renewal timer'
            cand dns 'DNS helpers: where a dns-01 record goes, dns-persist-01 records'
            cand hooks 'Work with a certificate''s hooks'
            cand import 'Move in from certbot, lego or acme.sh: accounts, certificates and renewal settings'
            cand list 'List every certificate: name, expiry, days left, status, names'
            cand show 'Show one certificate in detail'
            cand revoke 'Revoke a certificate at its CA'
            cand delete 'Delete a certificate from the store (without revoking it)'
            cand install 'Install a certificate where a service reads it, reload the service, verify it serves it'
            cand deploy 'Deploy the current versions to their install targets now'
            cand secret 'Store a secret (read from stdin) for later use as keyring:NAME'
            cand tui 'A full-screen dashboard of every certificate, with renewal at a keypress (the default on a terminal when no command is given)'
            cand completions 'Print a shell completion script'
            cand __generate-assets 'Regenerate completions/ and man/ into DIR (for certkeep''s developers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkeep;help;account'= {
            cand register 'Register a new account with a CA (a fresh account key each time)'
            cand list 'List the registered accounts'
            cand show 'Show one account'
            cand rollover 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed'
            cand deactivate 'Deactivate an account at its CA, confirmed by a follow-up request'
        }
        &'certkeep;help;account;register'= {
        }
        &'certkeep;help;account;list'= {
        }
        &'certkeep;help;account;show'= {
        }
        &'certkeep;help;account;rollover'= {
        }
        &'certkeep;help;account;deactivate'= {
        }
        &'certkeep;help;obtain'= {
        }
        &'certkeep;help;renew'= {
        }
        &'certkeep;help;status'= {
        }
        &'certkeep;help;daemon'= {
        }
        &'certkeep;help;systemd'= {
            cand print 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer'
        }
        &'certkeep;help;systemd;print'= {
        }
        &'certkeep;help;dns'= {
            cand check 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there'
            cand acme-dns 'Work with acme-dns'
            cand persist-record 'Print the standing dns-persist-01 TXT record for your account'
            cand persist-check 'Check that the dns-persist-01 record is published on every authoritative server'
        }
        &'certkeep;help;dns;check'= {
        }
        &'certkeep;help;dns;acme-dns'= {
            cand register 'Register a name with acme-dns; the credentials go to the keyring'
        }
        &'certkeep;help;dns;acme-dns;register'= {
        }
        &'certkeep;help;dns;persist-record'= {
        }
        &'certkeep;help;dns;persist-check'= {
        }
        &'certkeep;help;hooks'= {
            cand test 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance'
        }
        &'certkeep;help;hooks;test'= {
        }
        &'certkeep;help;import'= {
        }
        &'certkeep;help;list'= {
        }
        &'certkeep;help;show'= {
        }
        &'certkeep;help;revoke'= {
        }
        &'certkeep;help;delete'= {
        }
        &'certkeep;help;install'= {
        }
        &'certkeep;help;deploy'= {
        }
        &'certkeep;help;secret'= {
            cand set 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
        }
        &'certkeep;help;secret;set'= {
        }
        &'certkeep;help;tui'= {
        }
        &'certkeep;help;completions'= {
        }
        &'certkeep;help;__generate-assets'= {
        }
        &'certkeep;help;help'= {
        }
    ]
    $completions[$command]
}
