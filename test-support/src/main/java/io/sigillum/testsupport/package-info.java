/** Test fixtures shared by the modules' tests: a throw-away SoftHSM2 token and running command-line tools. */
@NullMarked
package io.sigillum.testsupport;

import org.jspecify.annotations.NullMarked;
