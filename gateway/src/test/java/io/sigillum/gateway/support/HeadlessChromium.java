package io.sigillum.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium driven through its own chromedriver: nothing is downloaded. */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Fails the test class early, with the command that fixes it, when Debian's Chromium is missing. */
    public static void assertInstalled() {
        assertThat(CHROMIUM).as("Debian's Chromium is needed: apt-get install chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromedriver is needed: apt-get install chromium-driver").isExecutable();
    }

    /** A fresh browser with its own profile that asks for pages in {@code lang}; {@code quit()} stops it and its driver. */
    public static ChromeDriver start(Path profile, String lang) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=800,1000", "--lang=" + lang);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang));
        // the driver's path given, Selenium Manager never runs (it would download a driver and a browser)
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
