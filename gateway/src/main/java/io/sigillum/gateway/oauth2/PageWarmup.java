package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.web.PageTexts;
import java.util.Map;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;

/**
 * Renders each page template once at start-up: Thymeleaf then holds them parsed in its cache, so serving a page reads
 * no template file on an event loop (BlockHound would rightly object).
 */
@Component
class PageWarmup implements SmartInitializingSingleton {

    private final ISpringWebFluxTemplateEngine engine;
    private final AuthorizationPageTexts texts;

    PageWarmup(ISpringWebFluxTemplateEngine engine, AuthorizationPageTexts texts) {
        this.engine = engine;
        this.texts = texts;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String lang : PageTexts.LANGUAGES) {
            engine.process("oauth2/authorize", new Context(null, Map.of("lang", lang, "t", texts.all(lang), "service", true)));
            engine.process("oauth2/error", new Context(null, Map.of("lang", lang)));
        }
    }
}
