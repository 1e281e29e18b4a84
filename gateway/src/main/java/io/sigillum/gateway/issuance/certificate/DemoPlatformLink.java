package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.devdata.DevData;
import io.sigillum.gateway.devdata.DevDataProperties;
import java.time.Duration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Dev only: ties the demo organisation to the demo platform ({@code demo-platform}), so certificates issued from its
 * e-codes are linked to that platform and usable through the CSC API at once (what {@code scripts/demo.sh} shows).
 * Runs when the application is ready, after the dev bootstrap created the organisation.
 */
@Component
@DevData
class DemoPlatformLink {

    private final DatabaseClient db;
    private final DevDataProperties devData;

    DemoPlatformLink(DatabaseClient db, DevDataProperties devData) {
        this.db = db;
        this.devData = devData;
    }

    @EventListener(ApplicationReadyEvent.class)
    void link() {
        // start-up, not a request path: waiting here is fine
        db.sql("UPDATE organisation SET platform_client_id = :platform WHERE name = :name AND platform_client_id IS NULL")
                .bind("platform", DevDataProperties.PLATFORM).bind("name", devData.organisation())
                .then().block(Duration.ofSeconds(30));
    }
}
