
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'certkeep' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'certkeep'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'certkeep' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'Manage ACME accounts: register, list, show, rollover, deactivate')
            [CompletionResult]::new('obtain', 'obtain', [CompletionResultType]::ParameterValue, 'Obtain a certificate and keep it in the store')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change how a certificate renews: CA, account, key type, profile, chain, challenge')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Renew what is due (quiet and exit 0 when nothing is); for cron and systemd timers')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Per certificate: next renewal and why, failures and backoff, ARI window; the daemon''s state')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run as a long-lived renewal daemon (sleeps until the next certificate is due)')
            [CompletionResult]::new('systemd', 'systemd', [CompletionResultType]::ParameterValue, 'Print systemd units for the daemon or for a renewal timer')
            [CompletionResult]::new('dns', 'dns', [CompletionResultType]::ParameterValue, 'DNS helpers: where a dns-01 record goes, dns-persist-01 records')
            [CompletionResult]::new('hooks', 'hooks', [CompletionResultType]::ParameterValue, 'Work with a certificate''s hooks')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Move in from certbot, lego or acme.sh: accounts, certificates and renewal settings')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every certificate: name, expiry, days left, status, names')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one certificate in detail')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate at its CA')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a certificate from the store (without revoking it)')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install a certificate where a service reads it, reload the service, verify it serves it')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Deploy the current versions to their install targets now')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Store a secret (read from stdin) for later use as keyring:NAME')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'A full-screen dashboard of every certificate, with renewal at a keypress (the default on a terminal when no command is given)')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'A fleet on PostgreSQL: set up the database, upload this host''s store, show the fleet')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('__generate-assets', '__generate-assets', [CompletionResultType]::ParameterValue, 'Regenerate completions/ and man/ into DIR (for certkeep''s developers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;account' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a new account with a CA (a fresh account key each time)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the registered accounts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one account')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate an account at its CA, confirmed by a follow-up request')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;account;register' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA preset (letsencrypt, letsencrypt-staging, zerossl, google, google-staging, buypass, buypass-staging, sslcom-rsa, sslcom-ecc) or an https:// directory URL')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Local name of the account [default: default]')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Contact e-mail address (repeatable)')
            [CompletionResult]::new('--eab-kid', '--eab-kid', [CompletionResultType]::ParameterName, 'External Account Binding key id (`ZeroSSL`, Google, SSL.com ...)')
            [CompletionResult]::new('--eab-hmac-key', '--eab-hmac-key', [CompletionResultType]::ParameterName, 'External Account Binding HMAC key: keyring:NAME, file:PATH or env:VAR')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--agree-tos', '--agree-tos', [CompletionResultType]::ParameterName, 'Agree to the CA''s terms of service')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Register anew even when an account of this name exists or is damaged (the CA forgot it); the old one is moved aside in the store, not deleted')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;account;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;account;show' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The CA the account belongs to')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;account;rollover' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The CA the account belongs to')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;account;deactivate' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The CA the account belongs to')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;account;help' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a new account with a CA (a fresh account key each time)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the registered accounts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one account')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate an account at its CA, confirmed by a follow-up request')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;account;help;register' {
            break
        }
        'certkeep;account;help;list' {
            break
        }
        'certkeep;account;help;show' {
            break
        }
        'certkeep;account;help;rollover' {
            break
        }
        'certkeep;account;help;deactivate' {
            break
        }
        'certkeep;account;help;help' {
            break
        }
        'certkeep;obtain' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A name to cover: DNS name or IP address (repeatable; the first names the certificate)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'A name to cover: DNS name or IP address (repeatable; the first names the certificate)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address for the standalone responder (implies --http-standalone unless --tls-alpn-standalone) [default: [::]:80, or [::]:443 for tls-alpn-01; IPv4 and IPv6]')
            [CompletionResult]::new('--webroot', '--webroot', [CompletionResultType]::ParameterName, 'Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'Answer dns-01 (wildcards too) through a provider: exec (your script) or manual')
            [CompletionResult]::new('--dns-script', '--dns-script', [CompletionResultType]::ParameterName, 'For --dns exec: run as `SCRIPT present|cleanup RECORD VALUE`, with the same in environment variables')
            [CompletionResult]::new('--dns-server', '--dns-server', [CompletionResultType]::ParameterName, 'For --dns rfc2136: the primary server to send updates to, ADDR[:PORT]')
            [CompletionResult]::new('--tsig-key-name', '--tsig-key-name', [CompletionResultType]::ParameterName, 'For --dns rfc2136: the TSIG key name')
            [CompletionResult]::new('--tsig-secret', '--tsig-secret', [CompletionResultType]::ParameterName, 'For --dns rfc2136: the TSIG secret (base64), as keyring:NAME, file:PATH or env:VAR')
            [CompletionResult]::new('--tsig-algorithm', '--tsig-algorithm', [CompletionResultType]::ParameterName, 'For --dns rfc2136: hmac-sha256, hmac-sha384 or hmac-sha512 [default: hmac-sha256]')
            [CompletionResult]::new('--acme-dns-url', '--acme-dns-url', [CompletionResultType]::ParameterName, 'For --dns acme-dns: the acme-dns API URL (register each name first with ''certkeep dns acme-dns register'')')
            [CompletionResult]::new('--dns-zone', '--dns-zone', [CompletionResultType]::ParameterName, 'The zone to update [default: found by SOA lookup]')
            [CompletionResult]::new('--dns-check-server', '--dns-check-server', [CompletionResultType]::ParameterName, 'Ask this server whether the record is visible (repeatable) [default: the zone''s NS; for rfc2136 the primary]')
            [CompletionResult]::new('--dns-timeout', '--dns-timeout', [CompletionResultType]::ParameterName, 'Give up when the record is not visible on every server within SECS (1 to 86400) [default: 120]')
            [CompletionResult]::new('--dns-wait', '--dns-wait', [CompletionResultType]::ParameterName, 'Wait SECS more once the record is visible everywhere (0 to 86400) [default: 0]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the certificate in the store [default: the first name]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA preset or https:// directory URL [default: the CA of your account(s)]')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account to use [default: the one registered with the CA]')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type of the new private key [default: ec-p256, or the config file''s default key type]')
            [CompletionResult]::new('--csr', '--csr', [CompletionResultType]::ParameterName, 'Use this CSR (PEM or DER) instead of generating a key; its names are used')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'ACME profile to request (e.g. classic, tlsserver, shortlived)')
            [CompletionResult]::new('--preferred-chain', '--preferred-chain', [CompletionResultType]::ParameterName, 'Prefer the chain whose root or intermediate has this common name')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Contact e-mail, used when an account must be registered first (repeatable)')
            [CompletionResult]::new('--pre-hook', '--pre-hook', [CompletionResultType]::ParameterName, 'Run before the first order of a run (repeatable; an argv, no shell unless --hook-shell)')
            [CompletionResult]::new('--post-hook', '--post-hook', [CompletionResultType]::ParameterName, 'Run once after the run')
            [CompletionResult]::new('--deploy-hook', '--deploy-hook', [CompletionResultType]::ParameterName, 'Run after the certificate is stored, e.g. ''systemctl reload nginx''')
            [CompletionResult]::new('--failure-hook', '--failure-hook', [CompletionResultType]::ParameterName, 'Run when the certificate failed to renew')
            [CompletionResult]::new('--hook-timeout', '--hook-timeout', [CompletionResultType]::ParameterName, 'Kill a hook''s process group after SECS (1 to 86400) [default: 120]')
            [CompletionResult]::new('--renew-before', '--renew-before', [CompletionResultType]::ParameterName, 'Renew this long before expiry instead of following the CA (ARI) or the 1/3 rule: 30d, 1d12h, 90m, 3600 (at most 3650d). A margin that would renew the certificate within the first third of its lifetime is ignored, with a warning')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Write the leaf certificate to PATH')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Write the intermediates to PATH')
            [CompletionResult]::new('--fullchain', '--fullchain', [CompletionResultType]::ParameterName, 'Write leaf + intermediates to PATH (nginx''s `ssl_certificate`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Write the private key to PATH (mode 0600 unless --mode)')
            [CompletionResult]::new('--combined', '--combined', [CompletionResultType]::ParameterName, 'Write key + leaf + intermediates in one PEM to PATH (haproxy)')
            [CompletionResult]::new('--pkcs12', '--pkcs12', [CompletionResultType]::ParameterName, 'Write a PKCS#12 file to PATH (AES-256, PBKDF2); needs --pkcs12-password')
            [CompletionResult]::new('--pkcs12-password', '--pkcs12-password', [CompletionResultType]::ParameterName, 'The PKCS#12 password as a reference: `keyring:NAME`, `file:PATH` or `env:VAR`')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Owner of the written files (user name or uid)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Group of the written files (group name or gid)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'Mode of the written files, octal (default 0644, and 0600 for files with the key; a mode that lets others read a key is refused)')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Fill in the config test and the reload of a known service')
            [CompletionResult]::new('--config-test', '--config-test', [CompletionResultType]::ParameterName, 'Check the service''s config after writing (an argv; the old files go back when it fails)')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'Reload the service (once per run, after every certificate''s files are written)')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'After the reload, check that ADDR[:PORT] serves the new certificate')
            [CompletionResult]::new('--verify-sni', '--verify-sni', [CompletionResultType]::ParameterName, 'The SNI for --verify [default: the first identifier]')
            [CompletionResult]::new('--verify-timeout', '--verify-timeout', [CompletionResultType]::ParameterName, 'How long --verify keeps trying, 1 to 600 [default: 30]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--http-standalone', '--http-standalone', [CompletionResultType]::ParameterName, 'Answer http-01 with certkeep''s own HTTP server')
            [CompletionResult]::new('--tls-alpn-standalone', '--tls-alpn-standalone', [CompletionResultType]::ParameterName, 'Answer tls-alpn-01 with certkeep''s own TLS responder (port 443)')
            [CompletionResult]::new('--http-fleet', '--http-fleet', [CompletionResultType]::ParameterName, 'Answer http-01 through the fleet (with --fleet): the key authorization goes into the fleet database and every node''s ''daemon --http-listen'' answers it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Run the whole flow against the CA''s staging directory and store nothing')
            [CompletionResult]::new('--agree-tos', '--agree-tos', [CompletionResultType]::ParameterName, 'Agree to the CA''s terms, registering an account first when none exists')
            [CompletionResult]::new('--hook-shell', '--hook-shell', [CompletionResultType]::ParameterName, 'Run the hook commands through /bin/sh -c (variables, pipes) instead of as plain argv')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Issue even when the stored certificate already has these names and settings and is not due (without it, such an obtain orders nothing and exits 0)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;edit' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Renew from this CA from now on: preset or https:// directory URL (an account must be registered there first)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Renew with this account [default with --ca: the one registered with that CA]')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type of the next private keys')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'ACME profile to request (e.g. classic, tlsserver, shortlived)')
            [CompletionResult]::new('--preferred-chain', '--preferred-chain', [CompletionResultType]::ParameterName, 'Prefer the chain whose root or intermediate has this common name')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address for the standalone responder (implies --http-standalone unless --tls-alpn-standalone) [default: [::]:80, or [::]:443 for tls-alpn-01; IPv4 and IPv6]')
            [CompletionResult]::new('--webroot', '--webroot', [CompletionResultType]::ParameterName, 'Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'Answer dns-01 (wildcards too) through a provider: exec (your script) or manual')
            [CompletionResult]::new('--dns-script', '--dns-script', [CompletionResultType]::ParameterName, 'For --dns exec: run as `SCRIPT present|cleanup RECORD VALUE`, with the same in environment variables')
            [CompletionResult]::new('--dns-server', '--dns-server', [CompletionResultType]::ParameterName, 'For --dns rfc2136: the primary server to send updates to, ADDR[:PORT]')
            [CompletionResult]::new('--tsig-key-name', '--tsig-key-name', [CompletionResultType]::ParameterName, 'For --dns rfc2136: the TSIG key name')
            [CompletionResult]::new('--tsig-secret', '--tsig-secret', [CompletionResultType]::ParameterName, 'For --dns rfc2136: the TSIG secret (base64), as keyring:NAME, file:PATH or env:VAR')
            [CompletionResult]::new('--tsig-algorithm', '--tsig-algorithm', [CompletionResultType]::ParameterName, 'For --dns rfc2136: hmac-sha256, hmac-sha384 or hmac-sha512 [default: hmac-sha256]')
            [CompletionResult]::new('--acme-dns-url', '--acme-dns-url', [CompletionResultType]::ParameterName, 'For --dns acme-dns: the acme-dns API URL (register each name first with ''certkeep dns acme-dns register'')')
            [CompletionResult]::new('--dns-zone', '--dns-zone', [CompletionResultType]::ParameterName, 'The zone to update [default: found by SOA lookup]')
            [CompletionResult]::new('--dns-check-server', '--dns-check-server', [CompletionResultType]::ParameterName, 'Ask this server whether the record is visible (repeatable) [default: the zone''s NS; for rfc2136 the primary]')
            [CompletionResult]::new('--dns-timeout', '--dns-timeout', [CompletionResultType]::ParameterName, 'Give up when the record is not visible on every server within SECS (1 to 86400) [default: 120]')
            [CompletionResult]::new('--dns-wait', '--dns-wait', [CompletionResultType]::ParameterName, 'Wait SECS more once the record is visible everywhere (0 to 86400) [default: 0]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--no-profile', '--no-profile', [CompletionResultType]::ParameterName, 'Request no particular profile (the CA''s default)')
            [CompletionResult]::new('--no-preferred-chain', '--no-preferred-chain', [CompletionResultType]::ParameterName, 'Take the CA''s default chain')
            [CompletionResult]::new('--http-standalone', '--http-standalone', [CompletionResultType]::ParameterName, 'Answer http-01 with certkeep''s own HTTP server')
            [CompletionResult]::new('--tls-alpn-standalone', '--tls-alpn-standalone', [CompletionResultType]::ParameterName, 'Answer tls-alpn-01 with certkeep''s own TLS responder (port 443)')
            [CompletionResult]::new('--http-fleet', '--http-fleet', [CompletionResultType]::ParameterName, 'Answer http-01 through the fleet (with --fleet): the key authorization goes into the fleet database and every node''s ''daemon --http-listen'' answers it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;renew' {
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Orders in flight at once per CA, for this run (1 to 64) [default: the config''s [limits] concurrency, else 8]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Renew even when not due')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Renew against the CA''s staging directory; store nothing, run no hook')
            [CompletionResult]::new('--no-random-delay', '--no-random-delay', [CompletionResultType]::ParameterName, 'Skip the random delay of up to 8 minutes used when stdin is not a terminal (cron)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;daemon' {
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Orders in flight at once per CA (1 to 64) [default: the config''s [limits] concurrency, else 8]')
            [CompletionResult]::new('--http-listen', '--http-listen', [CompletionResultType]::ParameterName, 'Answer the fleet''s http-01 challenges on ADDR, e.g. [::]:80 (repeatable; needs --fleet): any node behind a load balancer answers an order placed with --http-fleet [default: the config''s fleet_http_listen]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;systemd' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;systemd;print' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--timer', '--timer', [CompletionResultType]::ParameterName, 'A oneshot `certkeep renew` service and a twice-daily timer')
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'The long-running daemon (the default)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;systemd;help' {
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;systemd;help;print' {
            break
        }
        'certkeep;systemd;help;help' {
            break
        }
        'certkeep;dns' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there')
            [CompletionResult]::new('acme-dns', 'acme-dns', [CompletionResultType]::ParameterValue, 'Work with acme-dns')
            [CompletionResult]::new('persist-record', 'persist-record', [CompletionResultType]::ParameterValue, 'Print the standing dns-persist-01 TXT record for your account')
            [CompletionResult]::new('persist-check', 'persist-check', [CompletionResultType]::ParameterValue, 'Check that the dns-persist-01 record is published on every authoritative server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;dns;check' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--dns-check-server', '--dns-check-server', [CompletionResultType]::ParameterName, 'Ask these servers [default: the zone''s authoritative servers]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;dns;acme-dns' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a name with acme-dns; the credentials go to the keyring')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;dns;acme-dns;register' {
            [CompletionResult]::new('--acme-dns-url', '--acme-dns-url', [CompletionResultType]::ParameterName, 'The acme-dns API URL')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;dns;acme-dns;help' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a name with acme-dns; the credentials go to the keyring')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;dns;acme-dns;help;register' {
            break
        }
        'certkeep;dns;acme-dns;help;help' {
            break
        }
        'certkeep;dns;persist-record' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--persist-until', '--persist-until', [CompletionResultType]::ParameterName, 'Until when the permission stands (RFC 3339, e.g. 2027-12-31T00:00:00Z)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account [default: the only one]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The CA of the account')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--wildcard', '--wildcard', [CompletionResultType]::ParameterName, 'Allow wildcard certificates below the name too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;dns;persist-check' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The name')
            [CompletionResult]::new('--persist-until', '--persist-until', [CompletionResultType]::ParameterName, 'Until when the permission stands (RFC 3339, e.g. 2027-12-31T00:00:00Z)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The account [default: the only one]')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The CA of the account')
            [CompletionResult]::new('--dns-check-server', '--dns-check-server', [CompletionResultType]::ParameterName, 'Ask these servers [default: the zone''s authoritative servers]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--wildcard', '--wildcard', [CompletionResultType]::ParameterName, 'Allow wildcard certificates below the name too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;dns;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there')
            [CompletionResult]::new('acme-dns', 'acme-dns', [CompletionResultType]::ParameterValue, 'Work with acme-dns')
            [CompletionResult]::new('persist-record', 'persist-record', [CompletionResultType]::ParameterValue, 'Print the standing dns-persist-01 TXT record for your account')
            [CompletionResult]::new('persist-check', 'persist-check', [CompletionResultType]::ParameterValue, 'Check that the dns-persist-01 record is published on every authoritative server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;dns;help;check' {
            break
        }
        'certkeep;dns;help;acme-dns' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a name with acme-dns; the credentials go to the keyring')
            break
        }
        'certkeep;dns;help;acme-dns;register' {
            break
        }
        'certkeep;dns;help;persist-record' {
            break
        }
        'certkeep;dns;help;persist-check' {
            break
        }
        'certkeep;dns;help;help' {
            break
        }
        'certkeep;hooks' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;hooks;test' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--failure', '--failure', [CompletionResultType]::ParameterName, 'Also run its failure hooks, with a simulated error')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;hooks;help' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;hooks;help;test' {
            break
        }
        'certkeep;hooks;help;help' {
            break
        }
        'certkeep;import' {
            [CompletionResult]::new('--name-prefix', '--name-prefix', [CompletionResultType]::ParameterName, 'Put P before every imported certificate''s name')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and write nothing')
            [CompletionResult]::new('--take-over', '--take-over', [CompletionResultType]::ParameterName, 'Keep writing renewed certificates to the paths services read today, and print the commands that stop the old client''s renewals')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--pem', '--pem', [CompletionResultType]::ParameterName, 'Print the full chain PEM (leaf first) instead of the summary')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;revoke' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Revocation reason')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the certificate from the store after revoking it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;delete' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;install' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Write the leaf certificate to PATH')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Write the intermediates to PATH')
            [CompletionResult]::new('--fullchain', '--fullchain', [CompletionResultType]::ParameterName, 'Write leaf + intermediates to PATH (nginx''s `ssl_certificate`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Write the private key to PATH (mode 0600 unless --mode)')
            [CompletionResult]::new('--combined', '--combined', [CompletionResultType]::ParameterName, 'Write key + leaf + intermediates in one PEM to PATH (haproxy)')
            [CompletionResult]::new('--pkcs12', '--pkcs12', [CompletionResultType]::ParameterName, 'Write a PKCS#12 file to PATH (AES-256, PBKDF2); needs --pkcs12-password')
            [CompletionResult]::new('--pkcs12-password', '--pkcs12-password', [CompletionResultType]::ParameterName, 'The PKCS#12 password as a reference: `keyring:NAME`, `file:PATH` or `env:VAR`')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Owner of the written files (user name or uid)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Group of the written files (group name or gid)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'Mode of the written files, octal (default 0644, and 0600 for files with the key; a mode that lets others read a key is refused)')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Fill in the config test and the reload of a known service')
            [CompletionResult]::new('--config-test', '--config-test', [CompletionResultType]::ParameterName, 'Check the service''s config after writing (an argv; the old files go back when it fails)')
            [CompletionResult]::new('--reload', '--reload', [CompletionResultType]::ParameterName, 'Reload the service (once per run, after every certificate''s files are written)')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'After the reload, check that ADDR[:PORT] serves the new certificate')
            [CompletionResult]::new('--verify-sni', '--verify-sni', [CompletionResultType]::ParameterName, 'The SNI for --verify [default: the first identifier]')
            [CompletionResult]::new('--verify-timeout', '--verify-timeout', [CompletionResultType]::ParameterName, 'How long --verify keeps trying, 1 to 600 [default: 30]')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Forget the target at PATH (the file stays)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Show the saved targets')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;deploy' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;secret' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;secret;set' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;secret;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;secret;help;set' {
            break
        }
        'certkeep;secret;help;help' {
            break
        }
        'certkeep;tui' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;fleet' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or upgrade the fleet database''s schema (idempotent)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload this host''s store (accounts, certificates, current versions, journal) into the fleet database')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the fleet: nodes and when each was last seen, who renews which certificate')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;fleet;init' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;fleet;push' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;fleet;status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;fleet;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or upgrade the fleet database''s schema (idempotent)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload this host''s store (accounts, certificates, current versions, journal) into the fleet database')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the fleet: nodes and when each was last seen, who renews which certificate')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;fleet;help;init' {
            break
        }
        'certkeep;fleet;help;push' {
            break
        }
        'certkeep;fleet;help;status' {
            break
        }
        'certkeep;fleet;help;help' {
            break
        }
        'certkeep;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;__generate-assets' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: /var/lib/certkeep as root, else the user''s data dir]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file [default: /etc/certkeep/config.toml as root, else the user''s config dir]')
            [CompletionResult]::new('--ca-root', '--ca-root', [CompletionResultType]::ParameterName, 'Extra trusted root (PEM) for the CA''s HTTPS endpoint: Pebble, step-ca, a corporate CA')
            [CompletionResult]::new('--wait-lock', '--wait-lock', [CompletionResultType]::ParameterName, 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)')
            [CompletionResult]::new('--fleet', '--fleet', [CompletionResultType]::ParameterName, 'The fleet database''s PostgreSQL URL, with no password in it (also the environment''s fleet variable or the config''s fleet key; see README)')
            [CompletionResult]::new('--fleet-password', '--fleet-password', [CompletionResultType]::ParameterName, 'Where the fleet database role''s password is, as a secret reference (keyring, file or env) [default: libpq''s passfile]')
            [CompletionResult]::new('--fleet-key', '--fleet-key', [CompletionResultType]::ParameterName, 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database')
            [CompletionResult]::new('--fleet-node', '--fleet-node', [CompletionResultType]::ParameterName, 'This host''s name in the fleet [default: the host name]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema certkeep/v1) on stdout instead of text')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show more progress detail')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Show no progress, only results and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkeep;help' {
            [CompletionResult]::new('account', 'account', [CompletionResultType]::ParameterValue, 'Manage ACME accounts: register, list, show, rollover, deactivate')
            [CompletionResult]::new('obtain', 'obtain', [CompletionResultType]::ParameterValue, 'Obtain a certificate and keep it in the store')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change how a certificate renews: CA, account, key type, profile, chain, challenge')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Renew what is due (quiet and exit 0 when nothing is); for cron and systemd timers')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Per certificate: next renewal and why, failures and backoff, ARI window; the daemon''s state')
            [CompletionResult]::new('daemon', 'daemon', [CompletionResultType]::ParameterValue, 'Run as a long-lived renewal daemon (sleeps until the next certificate is due)')
            [CompletionResult]::new('systemd', 'systemd', [CompletionResultType]::ParameterValue, 'Print systemd units for the daemon or for a renewal timer')
            [CompletionResult]::new('dns', 'dns', [CompletionResultType]::ParameterValue, 'DNS helpers: where a dns-01 record goes, dns-persist-01 records')
            [CompletionResult]::new('hooks', 'hooks', [CompletionResultType]::ParameterValue, 'Work with a certificate''s hooks')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Move in from certbot, lego or acme.sh: accounts, certificates and renewal settings')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every certificate: name, expiry, days left, status, names')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one certificate in detail')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate at its CA')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a certificate from the store (without revoking it)')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install a certificate where a service reads it, reload the service, verify it serves it')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Deploy the current versions to their install targets now')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Store a secret (read from stdin) for later use as keyring:NAME')
            [CompletionResult]::new('tui', 'tui', [CompletionResultType]::ParameterValue, 'A full-screen dashboard of every certificate, with renewal at a keypress (the default on a terminal when no command is given)')
            [CompletionResult]::new('fleet', 'fleet', [CompletionResultType]::ParameterValue, 'A fleet on PostgreSQL: set up the database, upload this host''s store, show the fleet')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('__generate-assets', '__generate-assets', [CompletionResultType]::ParameterValue, 'Regenerate completions/ and man/ into DIR (for certkeep''s developers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkeep;help;account' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a new account with a CA (a fresh account key each time)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the registered accounts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one account')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate an account at its CA, confirmed by a follow-up request')
            break
        }
        'certkeep;help;account;register' {
            break
        }
        'certkeep;help;account;list' {
            break
        }
        'certkeep;help;account;show' {
            break
        }
        'certkeep;help;account;rollover' {
            break
        }
        'certkeep;help;account;deactivate' {
            break
        }
        'certkeep;help;obtain' {
            break
        }
        'certkeep;help;edit' {
            break
        }
        'certkeep;help;renew' {
            break
        }
        'certkeep;help;status' {
            break
        }
        'certkeep;help;daemon' {
            break
        }
        'certkeep;help;systemd' {
            [CompletionResult]::new('print', 'print', [CompletionResultType]::ParameterValue, 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer')
            break
        }
        'certkeep;help;systemd;print' {
            break
        }
        'certkeep;help;dns' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there')
            [CompletionResult]::new('acme-dns', 'acme-dns', [CompletionResultType]::ParameterValue, 'Work with acme-dns')
            [CompletionResult]::new('persist-record', 'persist-record', [CompletionResultType]::ParameterValue, 'Print the standing dns-persist-01 TXT record for your account')
            [CompletionResult]::new('persist-check', 'persist-check', [CompletionResultType]::ParameterValue, 'Check that the dns-persist-01 record is published on every authoritative server')
            break
        }
        'certkeep;help;dns;check' {
            break
        }
        'certkeep;help;dns;acme-dns' {
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a name with acme-dns; the credentials go to the keyring')
            break
        }
        'certkeep;help;dns;acme-dns;register' {
            break
        }
        'certkeep;help;dns;persist-record' {
            break
        }
        'certkeep;help;dns;persist-check' {
            break
        }
        'certkeep;help;hooks' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance')
            break
        }
        'certkeep;help;hooks;test' {
            break
        }
        'certkeep;help;import' {
            break
        }
        'certkeep;help;list' {
            break
        }
        'certkeep;help;show' {
            break
        }
        'certkeep;help;revoke' {
            break
        }
        'certkeep;help;delete' {
            break
        }
        'certkeep;help;install' {
            break
        }
        'certkeep;help;deploy' {
            break
        }
        'certkeep;help;secret' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)')
            break
        }
        'certkeep;help;secret;set' {
            break
        }
        'certkeep;help;tui' {
            break
        }
        'certkeep;help;fleet' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or upgrade the fleet database''s schema (idempotent)')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Upload this host''s store (accounts, certificates, current versions, journal) into the fleet database')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the fleet: nodes and when each was last seen, who renews which certificate')
            break
        }
        'certkeep;help;fleet;init' {
            break
        }
        'certkeep;help;fleet;push' {
            break
        }
        'certkeep;help;fleet;status' {
            break
        }
        'certkeep;help;completions' {
            break
        }
        'certkeep;help;__generate-assets' {
            break
        }
        'certkeep;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
