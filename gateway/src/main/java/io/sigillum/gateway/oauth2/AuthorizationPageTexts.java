package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.web.PageTexts;
import org.springframework.stereotype.Component;

/** The authorization page's words ({@code pages/authorize_<lang>.properties}). */
@Component
class AuthorizationPageTexts extends PageTexts {

    AuthorizationPageTexts() {
        super("pages/authorize");
    }
}
