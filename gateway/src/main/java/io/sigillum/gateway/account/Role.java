package io.sigillum.gateway.account;

/** What an account may do: run an organisation's panel, serve applicants at a point of sale, or apply. */
public enum Role {
    ORG_ADMIN, OPERATOR, APPLICANT
}
