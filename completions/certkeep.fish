# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_certkeep_global_optspecs
    string join \n store= config= json v/verbose q/quiet ca-root= wait-lock= color= h/help V/version
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
complete -c certkeep -n "__fish_certkeep_needs_command" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_needs_command" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_needs_command" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_needs_command" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_needs_command" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_needs_command" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "account" -d 'Manage ACME accounts: register, list, show, rollover, deactivate'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "obtain" -d 'Obtain a certificate and keep it in the store'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "list" -d 'List every certificate: name, expiry, days left, status, names'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "show" -d 'Show one certificate in detail'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "revoke" -d 'Revoke a certificate at its CA'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "delete" -d 'Delete a certificate from the store (without revoking it)'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "secret" -d 'Store a secret (read from stdin) for later use as keyring:NAME'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "__generate-assets" -d 'Regenerate completions/ and man/ into DIR (for certkeep\'s developers)'
complete -c certkeep -n "__fish_certkeep_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and not __fish_seen_subcommand_from register list show rollover deactivate help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
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
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l eab-hmac-key -d 'External Account Binding HMAC key: keyring:NAME, <file:PATH> or env:VAR' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l agree-tos -d 'Agree to the CA\'s terms of service'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from register" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l ca -d 'The CA the account belongs to' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l ca -d 'The CA the account belongs to' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from rollover" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l ca -d 'The CA the account belongs to' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand account; and __fish_seen_subcommand_from deactivate" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
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
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l listen -d 'Address for the standalone HTTP server (implies --http-standalone) [default: [::]:80, IPv4 and IPv6]' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l webroot -d 'Answer http-01 by writing files below DIR/.well-known/acme-challenge/ for your web server' -r -F
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
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l http-standalone -d 'Answer http-01 with certkeep\'s own HTTP server'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l dry-run -d 'Run the whole flow against the CA\'s staging directory and store nothing'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l agree-tos -d 'Agree to the CA\'s terms, registering an account first when none exists'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand obtain" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand list" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l pem -d 'Print the full chain PEM (leaf first) instead of the summary'
complete -c certkeep -n "__fish_certkeep_using_subcommand show" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
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
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l delete -d 'Delete the certificate from the store after revoking it'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand delete" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -f -a "set" -d 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and not __fish_seen_subcommand_from set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "set" -d 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
complete -c certkeep -n "__fish_certkeep_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand completions" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l store -d 'The store directory [default: /var/lib/certkeep as root, else the user\'s data dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l config -d 'The config file [default: /etc/certkeep/config.toml as root, else the user\'s config dir]' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l ca-root -d 'Extra trusted root (PEM) for the CA\'s HTTPS endpoint: Pebble, step-ca, a corporate CA' -r -F
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l wait-lock -d 'Wait up to SECS for another certkeep process to release the store (default: exit 8 at once)' -r
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l color -d 'When to use colour on stderr' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -l json -d 'Print one JSON document (schema certkeep/v1) on stdout instead of text'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s v -l verbose -d 'Show more progress detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s q -l quiet -d 'Show no progress, only results and errors'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkeep -n "__fish_certkeep_using_subcommand __generate-assets" -s V -l version -d 'Print version'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "account" -d 'Manage ACME accounts: register, list, show, rollover, deactivate'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "obtain" -d 'Obtain a certificate and keep it in the store'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "list" -d 'List every certificate: name, expiry, days left, status, names'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "show" -d 'Show one certificate in detail'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "revoke" -d 'Revoke a certificate at its CA'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "delete" -d 'Delete a certificate from the store (without revoking it)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "secret" -d 'Store a secret (read from stdin) for later use as keyring:NAME'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "completions" -d 'Print a shell completion script'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "__generate-assets" -d 'Regenerate completions/ and man/ into DIR (for certkeep\'s developers)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and not __fish_seen_subcommand_from account obtain list show revoke delete secret completions __generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "register" -d 'Register a new account with a CA (a fresh account key each time)'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "list" -d 'List the registered accounts'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "show" -d 'Show one account'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "rollover" -d 'Replace the account key (RFC 8555 7.3.5); the old key is kept until the new one is confirmed'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "deactivate" -d 'Deactivate an account at its CA, confirmed by a follow-up request'
complete -c certkeep -n "__fish_certkeep_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "set" -d 'Read a secret from stdin and store it in the OS keyring (or the 0600-file fallback)'
