/**
 * The certificate application: the state machine of DESIGN.md §6 (one transition table), certificate parameters,
 * applicant data and its validation, summary, documents and the append-only history.
 */
@NullMarked
package io.sigillum.gateway.issuance.application;

import org.jspecify.annotations.NullMarked;
