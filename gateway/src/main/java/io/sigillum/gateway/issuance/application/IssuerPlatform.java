package io.sigillum.gateway.issuance.application;

import java.util.UUID;

/** The CSC platform of the organisation that issued an application's e-code: its id and OAuth client_id. */
public record IssuerPlatform(UUID id, String clientId) {
}
