# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_certkeep_global_optspecs
    string join \n store= config= json events v/verbose q/quiet ca-root= wait-lock= fleet= fleet-password= fleet-key= fleet-node= color= h/help V/version
end

function __fish_certkeep_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_certkeep_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_certkeep_using_subcommand
    set -l cmd (__fish_certkeep_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c certkeep -n "__fish_certkeep_needs_command" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_needs_command" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_needs_command" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_needs_command" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_needs_command" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_needs_command" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_needs_command" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_needs_command" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_needs_command" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_needs_command" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_needs_command" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_needs_command" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_needs_command" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_needs_command" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "account" -d 'Manage ACME accounts: register, list, show, rollover, deactivate'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "obtain" -d 'Obtain a certificate and keep it in the store'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "edit" -d 'Change how a certificate renews: CA, account, key type, profile, chain, challenge'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "renew" -d 'Renew what is due (quiet and exit 0 when nothing is); for cron and systemd timers'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "status" -d 'Per certificate: next renewal and why, failures and backoff, ARI window; the daemon\'s state'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "daemon" -d 'Run as a long-lived renewal daemon (sleeps until the next certificate is due)'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "systemd" -d 'Print systemd units for the daemon or for a renewal timer'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "dns" -d 'DNS helpers: where a dns-01 record goes, dns-persist-01 records'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "hooks" -d 'Work with a certificate\'s hooks'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "import" -d 'Move in from certbot, lego or acme.sh: accounts, certificates and renewal settings'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "list" -d 'List every certificate: name, expiry, days left, status, names'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "show" -d 'Show one certificate in detail'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "revoke" -d 'Revoke a certificate at its CA'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "delete" -d 'Delete a certificate from the store (without revoking it)'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "install" -d 'Install a certificate where a service reads it, reload the service, verify it serves it'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "deploy" -d 'Deploy the current versions to their install targets now'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "secret" -d 'Store a secret (read from stdin) for later use as keyring:NAME'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "tui" -d 'A full-screen dashboard of every certificate, with renewal at a keypress (the default on a terminal when no command is given)'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "fleet" -d 'A fleet on PostgreSQL: set up the database, upload this host\'s store, show the fleet'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "__generate-assets" -d 'Regenerate completions/ and man/ into DIR (for certkeep\'s developers)'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -f -a "register" -d 'Register a new account with a CA (a fresh account key each time)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -f -a "list" -d 'List the registered accounts'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -f -a "show" -d 'Show one account'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -f -a "rollover" -d 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -f -a "deactivate" -d 'Deactivate an account at its CA, confirmed by a follow-up request'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l ca -d 'CA preset (letsencrypt, letsencrypt-staging, zerossl, google, google-staging, buypass, buypass-staging, sslcom-rsa, sslcom-ecc) or an https:// directory URL' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l name -d 'Local name of the account [default: default]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l email -d 'Contact e-mail address (repeatable)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l eab-kid -d 'External Account Binding key id (`ZeroSSL`, Google, SSL.com ...)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l eab-hmac-key -d 'External Account Binding HMAC key: keyring:NAME, file:PATH or env:VAR' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l agree-tos -d 'Agree to the CA\'s terms of service'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l replace -d 'Register anew even when an account of this name exists or is damaged (the CA forgot it); the old one is moved aside in the store, not deleted'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l ca -d 'The CA the account belongs to' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l ca -d 'The CA the account belongs to' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l ca -d 'The CA the account belongs to' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "register" -d 'Register a new account with a CA (a fresh account key each time)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the registered accounts'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one account'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "rollover" -d 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "deactivate" -d 'Deactivate an account at its CA, confirmed by a follow-up request'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s d -l domain -d 'A name to cover: DNS name or IP address (repeatable; the first names the certificate)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l listen -d 'Address for the standalone responder (implies --http-standalone unless --tls-alpn-standalone) [default: [::]:80, or [::]:443 for tls-alpn-01; IPv4 and IPv6]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l webroot -d 'Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dns -d 'Answer dns-01 (wildcards too) through a provider: exec (your script) or manual' -r -f -a "rfc2136\t''
acme-dns\t''
exec\t''
manual\t''"
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dns-script -d 'For --dns exec: run as `SCRIPT present|cleanup RECORD VALUE`, with the same in environment variables' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dns-server -d 'For --dns rfc2136: the primary server to send updates to, ADDR[:PORT]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l tsig-key-name -d 'For --dns rfc2136: the TSIG key name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l tsig-secret -d 'For --dns rfc2136: the TSIG secret (base64), as keyring:NAME, file:PATH or env:VAR' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l tsig-algorithm -d 'For --dns rfc2136: hmac-sha256, hmac-sha384 or hmac-sha512 [default: hmac-sha256]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l acme-dns-url -d 'For --dns acme-dns: the acme-dns API URL (register each name first with \'certkeep dns acme-dns register\')' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dns-zone -d 'The zone to update [default: found by SOA lookup]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dns-check-server -d 'Ask this server whether the record is visible (repeatable) [default: the zone\'s NS; for rfc2136 the primary]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dns-timeout -d 'Give up when the record is not visible on every server within SECS (1 to 86400) [default: 120]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dns-wait -d 'Wait SECS more once the record is visible everywhere (0 to 86400) [default: 0]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l name -d 'Name of the certificate in the store [default: the first name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l ca -d 'CA preset or https:// directory URL [default: the CA of your account(s)]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l account -d 'Account to use [default: the one registered with the CA]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l key-type -d 'Key type of the new private key [default: ec-p256, or the config file\'s default key type]' -r -f -a "ec-p256\t'ECDSA on P-256 (the default: small, fast, universally supported)'
ec-p384\t'ECDSA on P-384'
rsa-2048\t'RSA with a 2048-bit modulus'
rsa-3072\t'RSA with a 3072-bit modulus'
rsa-4096\t'RSA with a 4096-bit modulus'"
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l csr -d 'Use this CSR (PEM or DER) instead of generating a key; its names are used' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l profile -d 'ACME profile to request (e.g. classic, tlsserver, shortlived)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l preferred-chain -d 'Prefer the chain whose root or intermediate has this common name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l email -d 'Contact e-mail, used when an account must be registered first (repeatable)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l pre-hook -d 'Run before the first order of a run (repeatable; an argv, no shell unless --hook-shell)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l post-hook -d 'Run once after the run' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l deploy-hook -d 'Run after the certificate is stored, e.g. \'systemctl reload nginx\'' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l failure-hook -d 'Run when the certificate failed to renew' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l hook-timeout -d 'Kill a hook\'s process group after SECS (1 to 86400) [default: 120]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l renew-before -d 'Renew this long before expiry instead of following the CA (ARI) or the 1/3 rule: 30d, 1d12h, 90m, 3600 (at most 3650d). A margin that would renew the certificate within the first third of its lifetime is ignored, with a warning' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l cert -d 'Write the leaf certificate to PATH' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l chain -d 'Write the intermediates to PATH' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l fullchain -d 'Write leaf + intermediates to PATH (nginx\'s `ssl_certificate`)' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l key -d 'Write the private key to PATH (mode 0600 unless --mode)' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l combined -d 'Write key + leaf + intermediates in one PEM to PATH (haproxy)' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l pkcs12 -d 'Write a PKCS#12 file to PATH (AES-256, PBKDF2); needs --pkcs12-password' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l pkcs12-password -d 'The PKCS#12 password as a reference: `keyring:NAME`, `file:PATH` or `env:VAR`' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l owner -d 'Owner of the written files (user name or uid)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l group -d 'Group of the written files (group name or gid)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l mode -d 'Mode of the written files, octal (default 0644, and 0600 for files with the key; a mode that lets others read a key is refused)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l preset -d 'Fill in the config test and the reload of a known service' -r -f -a "nginx\t''
apache\t''
haproxy\t''
postfix\t''
dovecot\t''"
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l config-test -d 'Check the service\'s config after writing (an argv; the old files go back when it fails)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l reload -d 'Reload the service (once per run, after every certificate\'s files are written)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l verify -d 'After the reload, check that ADDR[:PORT] serves the new certificate' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l verify-sni -d 'The SNI for --verify [default: the first identifier]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l verify-timeout -d 'How long --verify keeps trying, 1 to 600 [default: 30]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l http-standalone -d 'Answer http-01 with certkeep\'s own HTTP server'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l tls-alpn-standalone -d 'Answer tls-alpn-01 with certkeep\'s own TLS responder (port 443)'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l http-fleet -d 'Answer http-01 through the fleet (with --fleet): the key authorization goes into the fleet database and every node\'s \'daemon --http-listen\' answers it'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dry-run -d 'Run the whole flow against the CA\'s staging directory and store nothing'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l agree-tos -d 'Agree to the CA\'s terms, registering an account first when none exists'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l hook-shell -d 'Run the hook commands through /bin/sh -c (variables, pipes) instead of as plain argv'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l force -d 'Issue even when the stored certificate already has these names and settings and is not due (without it, such an obtain orders nothing and exits 0)'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l ca -d 'Renew from this CA from now on: preset or https:// directory URL (an account must be registered there first)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l account -d 'Renew with this account [default with --ca: the one registered with that CA]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l key-type -d 'Key type of the next private keys' -r -f -a "ec-p256\t'ECDSA on P-256 (the default: small, fast, universally supported)'
ec-p384\t'ECDSA on P-384'
rsa-2048\t'RSA with a 2048-bit modulus'
rsa-3072\t'RSA with a 3072-bit modulus'
rsa-4096\t'RSA with a 4096-bit modulus'"
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l profile -d 'ACME profile to request (e.g. classic, tlsserver, shortlived)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l preferred-chain -d 'Prefer the chain whose root or intermediate has this common name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l listen -d 'Address for the standalone responder (implies --http-standalone unless --tls-alpn-standalone) [default: [::]:80, or [::]:443 for tls-alpn-01; IPv4 and IPv6]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l webroot -d 'Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l dns -d 'Answer dns-01 (wildcards too) through a provider: exec (your script) or manual' -r -f -a "rfc2136\t''
acme-dns\t''
exec\t''
manual\t''"
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l dns-script -d 'For --dns exec: run as `SCRIPT present|cleanup RECORD VALUE`, with the same in environment variables' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l dns-server -d 'For --dns rfc2136: the primary server to send updates to, ADDR[:PORT]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l tsig-key-name -d 'For --dns rfc2136: the TSIG key name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l tsig-secret -d 'For --dns rfc2136: the TSIG secret (base64), as keyring:NAME, file:PATH or env:VAR' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l tsig-algorithm -d 'For --dns rfc2136: hmac-sha256, hmac-sha384 or hmac-sha512 [default: hmac-sha256]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l acme-dns-url -d 'For --dns acme-dns: the acme-dns API URL (register each name first with \'certkeep dns acme-dns register\')' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l dns-zone -d 'The zone to update [default: found by SOA lookup]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l dns-check-server -d 'Ask this server whether the record is visible (repeatable) [default: the zone\'s NS; for rfc2136 the primary]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l dns-timeout -d 'Give up when the record is not visible on every server within SECS (1 to 86400) [default: 120]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l dns-wait -d 'Wait SECS more once the record is visible everywhere (0 to 86400) [default: 0]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l no-profile -d 'Request no particular profile (the CA\'s default)'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l no-preferred-chain -d 'Take the CA\'s default chain'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l http-standalone -d 'Answer http-01 with certkeep\'s own HTTP server'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l tls-alpn-standalone -d 'Answer tls-alpn-01 with certkeep\'s own TLS responder (port 443)'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l http-fleet -d 'Answer http-01 through the fleet (with --fleet): the key authorization goes into the fleet database and every node\'s \'daemon --http-listen\' answers it'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand edit" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l concurrency -d 'Orders in flight at once per CA, for this run (1 to 64) [default: the config\'s [limits] concurrency, else 8]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l force -d 'Renew even when not due'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l dry-run -d 'Renew against the CA\'s staging directory; store nothing, run no hook'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l no-random-delay -d 'Skip the random delay of up to 8 minutes used when stdin is not a terminal (cron)'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand renew" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand status" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l concurrency -d 'Orders in flight at once per CA (1 to 64) [default: the config\'s [limits] concurrency, else 8]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l http-listen -d 'Answer the fleet\'s http-01 challenges on ADDR, e.g. [::]:80 (repeatable; needs --fleet): any node behind a load balancer answers an order placed with --http-fleet [default: the config\'s fleet_http_listen]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand daemon" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -f -a "print" -d 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and not __fish_seen_subcommand_from print help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l timer -d 'A oneshot `certkeep renew` service and a twice-daily timer'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l daemon -d 'The long-running daemon (the default)'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from print" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from help" -f -a "print" -d 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer'
complete -c certkeep -n "__fish_certkeep_using_subcommand systemd; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -f -a "check" -d 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -f -a "acme-dns" -d 'Work with acme-dns'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -f -a "persist-record" -d 'Print the standing dns-persist-01 TXT record for your account'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -f -a "persist-check" -d 'Check that the dns-persist-01 record is published on every authoritative server'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and not __fish_seen_subcommand_from check acme-dns persist-record persist-check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -s d -l domain -d 'The name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l dns-check-server -d 'Ask these servers [default: the zone\'s authoritative servers]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -f -a "register" -d 'Register a name with acme-dns; the credentials go to the keyring'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from acme-dns" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -s d -l domain -d 'The name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l persist-until -d 'Until when the permission stands (RFC 3339, e.g. 2027-12-31T00:00:00Z)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l account -d 'The account [default: the only one]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l ca -d 'The CA of the account' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l wildcard -d 'Allow wildcard certificates below the name too'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-record" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -s d -l domain -d 'The name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l persist-until -d 'Until when the permission stands (RFC 3339, e.g. 2027-12-31T00:00:00Z)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l account -d 'The account [default: the only one]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l ca -d 'The CA of the account' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l dns-check-server -d 'Ask these servers [default: the zone\'s authoritative servers]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l wildcard -d 'Allow wildcard certificates below the name too'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from persist-check" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from help" -f -a "check" -d 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from help" -f -a "acme-dns" -d 'Work with acme-dns'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from help" -f -a "persist-record" -d 'Print the standing dns-persist-01 TXT record for your account'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from help" -f -a "persist-check" -d 'Check that the dns-persist-01 record is published on every authoritative server'
complete -c certkeep -n "__fish_certkeep_using_subcommand dns; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -f -a "test" -d 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and not __fish_seen_subcommand_from test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l failure -d 'Also run its failure hooks, with a simulated error'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "test" -d 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance'
complete -c certkeep -n "__fish_certkeep_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l name-prefix -d 'Put P before every imported certificate\'s name' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l dry-run -d 'Print the plan and write nothing'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l take-over -d 'Keep writing renewed certificates to the paths services read today, and print the commands that stop the old client\'s renewals'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand import" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l pem -d 'Print the full chain PEM (leaf first) instead of the summary'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l reason -d 'Revocation reason' -r -f -a "unspecified\t'No reason given'
keyCompromise\t'The private key leaked'
superseded\t'Replaced by another certificate'
cessationOfOperation\t'The names are no longer in use'"
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l delete -d 'Delete the certificate from the store after revoking it'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l cert -d 'Write the leaf certificate to PATH' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l chain -d 'Write the intermediates to PATH' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l fullchain -d 'Write leaf + intermediates to PATH (nginx\'s `ssl_certificate`)' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l key -d 'Write the private key to PATH (mode 0600 unless --mode)' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l combined -d 'Write key + leaf + intermediates in one PEM to PATH (haproxy)' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l pkcs12 -d 'Write a PKCS#12 file to PATH (AES-256, PBKDF2); needs --pkcs12-password' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l pkcs12-password -d 'The PKCS#12 password as a reference: `keyring:NAME`, `file:PATH` or `env:VAR`' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l owner -d 'Owner of the written files (user name or uid)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l group -d 'Group of the written files (group name or gid)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l mode -d 'Mode of the written files, octal (default 0644, and 0600 for files with the key; a mode that lets others read a key is refused)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l preset -d 'Fill in the config test and the reload of a known service' -r -f -a "nginx\t''
apache\t''
haproxy\t''
postfix\t''
dovecot\t''"
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l config-test -d 'Check the service\'s config after writing (an argv; the old files go back when it fails)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l reload -d 'Reload the service (once per run, after every certificate\'s files are written)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l verify -d 'After the reload, check that ADDR[:PORT] serves the new certificate' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l verify-sni -d 'The SNI for --verify [default: the first identifier]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l verify-timeout -d 'How long --verify keeps trying, 1 to 600 [default: 30]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l remove -d 'Forget the target at PATH (the file stays)' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l list -d 'Show the saved targets'
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand install" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand deploy" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -f -a "set" -d 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "set" -d 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand tui" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -f -a "init" -d 'Create or upgrade the fleet database\'s schema (idempotent)'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -f -a "push" -d 'Upload this host\'s store (accounts, certificates, current versions, journal) into the fleet database'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -f -a "status" -d 'Show the fleet: nodes and when each was last seen, who renews which certificate'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and not __fish_seen_subcommand_from init push status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from push" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create or upgrade the fleet database\'s schema (idempotent)'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "push" -d 'Upload this host\'s store (accounts, certificates, current versions, journal) into the fleet database'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the fleet: nodes and when each was last seen, who renews which certificate'
complete -c certkeep -n "__fish_certkeep_using_subcommand fleet; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l wait-lock -d 'Wait up to SECS (at most 86400) for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l fleet -d 'The fleet database\'s PostgreSQL URL, with no password in it (also the environment\'s fleet variable or the config\'s fleet key; see README)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l fleet-password -d 'Where the fleet database role\'s password is, as a secret reference (keyring, file or env) [default: libpq\'s passfile]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l fleet-key -d 'Where the fleet key is, as a secret reference (keyring, file or env): 32 bytes in base64 that encrypt the private keys in the database' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l fleet-node -d 'This host\'s name in the fleet [default: the host name]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l events -d 'Stream progress as JSON lines on stderr, one object per event naming its certificate and order: {"v":1,"cert","order","event",...} (stdout is unchanged)'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "account" -d 'Manage ACME accounts: register, list, show, rollover, deactivate'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "obtain" -d 'Obtain a certificate and keep it in the store'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "edit" -d 'Change how a certificate renews: CA, account, key type, profile, chain, challenge'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "renew" -d 'Renew what is due (quiet and exit 0 when nothing is); for cron and systemd timers'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "status" -d 'Per certificate: next renewal and why, failures and backoff, ARI window; the daemon\'s state'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "daemon" -d 'Run as a long-lived renewal daemon (sleeps until the next certificate is due)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "systemd" -d 'Print systemd units for the daemon or for a renewal timer'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "dns" -d 'DNS helpers: where a dns-01 record goes, dns-persist-01 records'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "hooks" -d 'Work with a certificate\'s hooks'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "import" -d 'Move in from certbot, lego or acme.sh: accounts, certificates and renewal settings'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "list" -d 'List every certificate: name, expiry, days left, status, names'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "show" -d 'Show one certificate in detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "revoke" -d 'Revoke a certificate at its CA'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "delete" -d 'Delete a certificate from the store (without revoking it)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "install" -d 'Install a certificate where a service reads it, reload the service, verify it serves it'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "deploy" -d 'Deploy the current versions to their install targets now'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "secret" -d 'Store a secret (read from stdin) for later use as keyring:NAME'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "tui" -d 'A full-screen dashboard of every certificate, with renewal at a keypress (the default on a terminal when no command is given)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "fleet" -d 'A fleet on PostgreSQL: set up the database, upload this host\'s store, show the fleet'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "completions" -d 'Print a shell completion script'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "__generate-assets" -d 'Regenerate completions/ and man/ into DIR (for certkeep\'s developers)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain edit renew status daemon systemd dns hooks import list show revoke delete install deploy secret tui fleet completions __generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "register" -d 'Register a new account with a CA (a fresh account key each time)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "list" -d 'List the registered accounts'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "show" -d 'Show one account'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "rollover" -d 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "deactivate" -d 'Deactivate an account at its CA, confirmed by a follow-up request'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from systemd" -f -a "print" -d 'Print a hardened unit to install: the daemon (default) or a oneshot service with a timer'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from dns" -f -a "check" -d 'Where the dns-01 record for a name goes (CNAME followed) and what the servers hold there'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from dns" -f -a "acme-dns" -d 'Work with acme-dns'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from dns" -f -a "persist-record" -d 'Print the standing dns-persist-01 TXT record for your account'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from dns" -f -a "persist-check" -d 'Check that the dns-persist-01 record is published on every authoritative server'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from hooks" -f -a "test" -d 'Run the pre, deploy and post hooks of a certificate with its real paths; no issuance'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "set" -d 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "init" -d 'Create or upgrade the fleet database\'s schema (idempotent)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "push" -d 'Upload this host\'s store (accounts, certificates, current versions, journal) into the fleet database'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from fleet" -f -a "status" -d 'Show the fleet: nodes and when each was last seen, who renews which certificate'
