"""eKey accounts: the citizen registry, credentials (password + TOTP), lockout, login audit, population and personas.

Public interface for the other identity areas: `identity.accounts.authn` (password and TOTP checks),
`identity.accounts.registry` (citizen records, claims, family links), `identity.accounts.personas` (demo personas)
and `identity.accounts.population` (derived credentials of the synthetic population, for load tools).
"""
